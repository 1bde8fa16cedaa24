namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>The result of a request's checks, from which the filters and the middleware write the same responses.</summary>
internal sealed class WeChatCheckOutcome
{
    private WeChatCheckOutcome(WeChatCheckOutcomeKind kind)
    {
        Kind = kind;
    }

    /// <summary>The one passed outcome, so that passing costs no allocation.</summary>
    public static WeChatCheckOutcome Passed { get; } = new(WeChatCheckOutcomeKind.Passed);

    public WeChatCheckOutcomeKind Kind { get; }

    /// <summary>The rejected fields, in declaration order (<see cref="WeChatCheckOutcomeKind.Rejected"/>).</summary>
    public IReadOnlyList<WeChatFieldRejection> Rejections { get; private init; } = [];

    /// <summary>Why the content is invalid (<see cref="WeChatCheckOutcomeKind.InvalidContent"/>).</summary>
    public WeChatInvalidContentReason Reason { get; private init; }

    /// <summary>What is wrong with the content, in words a person can act on.</summary>
    public string? Detail { get; private init; }

    /// <summary>The fields whose content is invalid; may be empty when it is not known.</summary>
    public IReadOnlyList<string> InvalidFields { get; private init; } = [];

    /// <summary>When trying again makes sense (<see cref="WeChatCheckOutcomeKind.Unavailable"/>).</summary>
    public TimeSpan? RetryAfter { get; private init; }

    public static WeChatCheckOutcome Rejected(IReadOnlyList<WeChatFieldRejection> rejections) =>
        new(WeChatCheckOutcomeKind.Rejected) { Rejections = rejections };

    public static WeChatCheckOutcome InvalidContent(WeChatInvalidContentReason reason, string detail, IReadOnlyList<string> fields) =>
        new(WeChatCheckOutcomeKind.InvalidContent) { Reason = reason, Detail = detail, InvalidFields = fields };

    /// <summary>The outcome for content the service refused to send (400, 413, 415), keyed by its field when known.</summary>
    public static WeChatCheckOutcome InvalidContent(WeChatInvalidContentException invalid) =>
        InvalidContent(invalid.Reason, invalid.Message, invalid.Field is null ? [] : [invalid.Field]);

    /// <summary>The one failed outcome: nothing to carry but the status.</summary>
    public static WeChatCheckOutcome Failed { get; } = new(WeChatCheckOutcomeKind.Failed);

    public static WeChatCheckOutcome Unavailable(TimeSpan? retryAfter) =>
        new(WeChatCheckOutcomeKind.Unavailable) { RetryAfter = retryAfter };
}
