namespace AspNetCore.WeChatSecurity;

/// <summary>WeChat's verdict on a piece of content.</summary>
public enum WeChatSuggestion
{
    /// <summary>The content may be published.</summary>
    Pass = 0,

    /// <summary>WeChat is unsure: v2 only. What happens is decided by <see cref="WeChatSecurityOptions.ReviewAction"/>.</summary>
    Review = 1,

    /// <summary>The content is risky (errcode 87014 in v1) and must not be published.</summary>
    Risky = 2,
}
