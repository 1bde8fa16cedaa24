namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>How the checks of one request ended.</summary>
internal enum WeChatCheckOutcomeKind
{
    /// <summary>Everything may be published (or WeChat was unavailable and the failure mode lets requests through).</summary>
    Passed = 0,

    /// <summary>WeChat rejected at least one field: 422.</summary>
    Rejected = 1,

    /// <summary>Some content cannot be checked as it is: 400, 413 or 415.</summary>
    InvalidContent = 2,

    /// <summary>WeChat could not give a verdict and the failure mode blocks: 503 with Retry-After.</summary>
    Unavailable = 3,

    /// <summary>The check could not be asked as it should (a configuration or caller error): 503, whatever the failure mode.</summary>
    Failed = 4,
}
