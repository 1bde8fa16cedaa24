namespace AspNetCore.WeChatSecurity;

/// <summary>What an asynchronous media check came to: the one thing a result handler has to act on.</summary>
public enum WeChatMediaCheckOutcome
{
    /// <summary>WeChat found nothing wrong (v1 <c>isrisky</c> 0, v2 <c>pass</c>): publish.</summary>
    Pass = 0,

    /// <summary>WeChat is unsure (v2 <c>review</c>): hold for a person to decide, or treat as risky.</summary>
    Review = 1,

    /// <summary>WeChat judged the media risky (v1 <c>isrisky</c> 1, v2 <c>risky</c>); <see cref="WeChatMediaCheckResult.Label"/> says why (v2). Do not publish.</summary>
    Risky = 2,

    /// <summary>WeChat could not download the media (-1008): nothing was checked. Check the media URL or the media endpoint and submit again.</summary>
    DownloadFailed = 3,

    /// <summary>No verdict arrived before the deadline, after the configured resubmissions: nothing is known about the content.</summary>
    TimedOut = 4,
}
