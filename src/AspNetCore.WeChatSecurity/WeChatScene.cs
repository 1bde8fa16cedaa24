namespace AspNetCore.WeChatSecurity;

/// <summary>The scene a piece of content is published in, as WeChat's v2 checks define it.</summary>
public enum WeChatScene
{
    /// <summary>A user's profile (nickname, signature, avatar): 资料.</summary>
    Profile = 1,

    /// <summary>A comment: 评论.</summary>
    Comment = 2,

    /// <summary>A forum post: 论坛.</summary>
    Forum = 3,

    /// <summary>A social log or timeline entry: 社交日志.</summary>
    SocialLog = 4,
}
