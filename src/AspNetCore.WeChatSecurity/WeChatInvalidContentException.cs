namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Content that cannot be checked as it is: empty or damaged, over the limits, or an image that is not PNG, JPEG or
/// GIF. The filters and <c>UseWeChatContentSecurity()</c> answer it with ProblemDetails (400, 413, 415 by
/// <see cref="Reason"/>).
/// </summary>
public sealed class WeChatInvalidContentException : WeChatContentSecurityException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the content cannot be checked.</param>
    /// <param name="message">What is wrong, in words a person can act on.</param>
    /// <param name="field">The field, when known.</param>
    public WeChatInvalidContentException(WeChatInvalidContentReason reason, string message, string? field = null)
        : base(message)
    {
        Reason = reason;
        Field = field;
    }

    /// <summary>Why the content cannot be checked.</summary>
    public WeChatInvalidContentReason Reason { get; }

    /// <summary>The field, when known.</summary>
    public string? Field { get; }

    /// <summary>Returns a copy naming <paramref name="field"/>.</summary>
    internal WeChatInvalidContentException WithField(string field) => new(Reason, Message, field);
}
