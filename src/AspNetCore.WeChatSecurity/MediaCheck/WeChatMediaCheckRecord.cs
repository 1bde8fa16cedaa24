using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// One asynchronous media check as an <see cref="IWeChatMediaCheckStore"/> keeps it. A store persists every property as
/// given and never interprets them, except the few it indexes: <see cref="Id"/>, <see cref="TraceId"/> and
/// <see cref="EarlierTraceIds"/>, <see cref="MediaKey"/>, <see cref="IsPending"/>, <see cref="IsDelivered"/>,
/// <see cref="DueAt"/> and <see cref="Revision"/>.
/// </summary>
/// <remarks>
/// A check goes one way: pending (no <see cref="Result"/> yet), decided (a result, not yet handed to every handler),
/// delivered (<see cref="DeliveredAt"/> set). The state is read from those two properties rather than stored beside
/// them, so it cannot disagree with the data.
/// </remarks>
public sealed record WeChatMediaCheckRecord
{
    /// <summary>The record's own id, chosen by the library (32 hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>The trace id of the current submission to WeChat; a pushed verdict carries it.</summary>
    public required string TraceId { get; init; }

    /// <summary>Trace ids of earlier submissions of the same media (after a time-out), so that a late push for one of them still finds the check.</summary>
    public IReadOnlyList<string> EarlierTraceIds { get; init; } = [];

    /// <summary>The application's correlation ids, in the order they were submitted: repeats of the same media while it is pending join the check.</summary>
    public required IReadOnlyList<string> CorrelationIds { get; init; }

    /// <summary>How many of <see cref="CorrelationIds"/> (from the first) have had the outcome delivered.</summary>
    public int DeliveredCount { get; init; }

    /// <summary>Audio or image.</summary>
    public required WeChatMediaType MediaType { get; init; }

    /// <summary>The application's media URL, or null when the library keeps the bytes and serves them itself.</summary>
    public Uri? MediaUrl { get; init; }

    /// <summary>For media the library keeps: the key of its bytes (a keyed hash), used to join repeats and to fill the verdict cache.</summary>
    public string? MediaKey { get; init; }

    /// <summary>The <c>media_check_async</c> version used: 1 or 2.</summary>
    public int ApiVersion { get; init; } = 1;

    /// <summary>The scene of a version 2 check.</summary>
    public WeChatScene Scene { get; init; } = WeChatScene.Comment;

    /// <summary>The openid of a version 2 check.</summary>
    public string? OpenId { get; init; }

    /// <summary>When the check was first submitted.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>When WeChat's verdict is due for the current submission.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>How many times the media was submitted to WeChat (1, plus resubmissions after time-outs).</summary>
    public int Submissions { get; init; } = 1;

    /// <summary>The outcome, once decided (pushed by WeChat, timed out, or known from the verdict cache); null while pending.</summary>
    public WeChatMediaCheckResult? Result { get; init; }

    /// <summary>
    /// When every correlation id had the outcome delivered; null until then. A delivered record is kept until
    /// <see cref="DueAt"/> so that WeChat's retried pushes are recognised.
    /// </summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>True while WeChat's verdict is awaited: there is no <see cref="Result"/> yet. Repeats of the same media join a pending check.</summary>
    [JsonIgnore]
    public bool IsPending => Result is null;

    /// <summary>True once the outcome reached every handler (<see cref="DeliveredAt"/> is set): the sweeper leaves it alone until it may be removed.</summary>
    [JsonIgnore]
    public bool IsDelivered => DeliveredAt is not null;

    /// <summary>
    /// When the sweeper must look at the check: for a pending check, its deadline plus the grace period; for a decided
    /// one, when delivery is tried again; for a delivered one, when the record may be removed.
    /// </summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Until when one server holds the check while it calls the handlers; others leave it alone until then.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>
    /// Incremented by every change: <see cref="IWeChatMediaCheckStore.TryReplaceAsync"/> stores a replacement only when
    /// the stored record's revision is the replacement's minus one (compare-and-set).
    /// </summary>
    public long Revision { get; init; }
}
