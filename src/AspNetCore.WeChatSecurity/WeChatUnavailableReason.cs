namespace AspNetCore.WeChatSecurity;

/// <summary>Why WeChat could not give a verdict.</summary>
public enum WeChatUnavailableReason
{
    /// <summary>Retries were spent on transient failures (network errors, time-outs, HTTP 5xx/429, errcode -1).</summary>
    TransientFailure = 0,

    /// <summary>The circuit breaker is open after repeated failures.</summary>
    CircuitOpen = 1,

    /// <summary>WeChat's per-minute limit was hit (44991, 45011); calls resume at the next minute.</summary>
    MinuteQuotaExceeded = 2,

    /// <summary>WeChat's daily quota was reached (45009); calls resume at 00:00 China Standard Time.</summary>
    DailyQuotaExceeded = 3,

    /// <summary>The client-side limiter would have made the caller wait longer than allowed.</summary>
    RateLimited = 4,

    /// <summary>No access token could be obtained.</summary>
    NoAccessToken = 5,

    /// <summary>Media submitted as bytes would exceed the bound on media kept for WeChat to download (<see cref="WeChatMediaCheckOptions.MaxKeptMediaBytes"/>).</summary>
    MediaStorageFull = 6,
}
