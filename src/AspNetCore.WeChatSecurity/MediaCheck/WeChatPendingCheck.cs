namespace AspNetCore.WeChatSecurity;

/// <summary>
/// A submitted asynchronous media check, as the application stores its item: the outcome reaches every
/// <see cref="IWeChatMediaCheckResultHandler"/> later, once, with <see cref="CorrelationId"/>. It is in the store before
/// the submission returns, so a push that arrives at once is matched too.
/// </summary>
public sealed record WeChatPendingCheck
{
    /// <summary>The application's correlation id (a post id, say), as given, or generated for <c>[MediaSecCheck]</c> uploads.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>WeChat's trace id for the submission, or the one joined when the same media was already pending.</summary>
    public required string TraceId { get; init; }

    /// <summary>When the media was first submitted to WeChat.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When the verdict is due; past it (and the grace period) the check is resubmitted or delivered as timed out.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>Audio or image.</summary>
    public required WeChatMediaType MediaType { get; init; }

    /// <summary>The form field the media came from, for <c>[MediaSecCheck]</c> uploads; null for direct submissions.</summary>
    public string? Field { get; init; }

    /// <summary>True when the same media was already pending and this submission joined it instead of calling WeChat.</summary>
    public bool Joined { get; init; }

    /// <summary>
    /// The outcome when it is known already (the same bytes were judged before and the verdict cache still has it). It
    /// is delivered to the handlers as well; this is for an application that wants to publish at once.
    /// </summary>
    public WeChatMediaCheckOutcome? KnownOutcome { get; init; }
}
