namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The outcome of an asynchronous media check, handed to every <see cref="IWeChatMediaCheckResultHandler"/> once per
/// correlation id: WeChat's pushed verdict, or a time-out when none came.
/// </summary>
public sealed record WeChatMediaCheckResult
{
    /// <summary>What the check came to: pass, review, risky, download failed or timed out.</summary>
    public WeChatMediaCheckOutcome Outcome { get; init; }

    /// <summary>
    /// The correlation id the application gave to <see cref="IWeChatMediaCheck"/>;
    /// null for a pushed verdict whose trace id the store does not know (submitted elsewhere, or forgotten by an in-memory store on restart).
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>The trace id of the submission the verdict is for.</summary>
    public required string TraceId { get; init; }

    /// <summary>The mini program's AppId, as WeChat sent it.</summary>
    public string? AppId { get; init; }

    /// <summary>1 or 2: the version of <c>media_check_async</c> that was called.</summary>
    public int Version { get; init; }

    /// <summary>Version 2's label (100 normal, 20002 porn...), when sent.</summary>
    public int? Label { get; init; }

    /// <summary>Version 2's <c>errcode</c>, or version 1's <c>status_code</c>: 0, or -1008 when WeChat could not download the media.</summary>
    public int ErrorCode { get; init; }

    /// <summary>When WeChat created the push, or when the library decided the time-out.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
