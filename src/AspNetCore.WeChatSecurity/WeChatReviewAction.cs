namespace AspNetCore.WeChatSecurity;

/// <summary>What happens to content that WeChat's v2 check answers with <c>review</c>.</summary>
public enum WeChatReviewAction
{
    /// <summary>Treat it as risky: 422 (the default).</summary>
    Reject = 0,

    /// <summary>Let it through.</summary>
    Allow = 1,
}
