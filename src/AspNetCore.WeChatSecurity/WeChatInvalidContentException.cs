namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Content that cannot be checked as it is: an empty file (400), text or an image over the limits (413), an image that
/// is not PNG, JPEG or GIF (415). <c>UseWeChatContentSecurity()</c> and the filters answer it with ProblemDetails of
/// <see cref="StatusCode"/>.
/// </summary>
public sealed class WeChatInvalidContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status that answers it: 400, 413 or 415.</param>
    /// <param name="message">What is wrong, in words a person can act on.</param>
    /// <param name="field">The field, when known.</param>
    public WeChatInvalidContentException(int statusCode, string message, string? field = null)
        : base(message)
    {
        StatusCode = statusCode;
        Field = field;
    }

    /// <summary>The HTTP status that answers it: 400, 413 or 415.</summary>
    public int StatusCode { get; }

    /// <summary>The field, when known.</summary>
    public string? Field { get; }

    /// <summary>Returns a copy naming <paramref name="field"/>.</summary>
    /// <param name="field">The field the content came from.</param>
    public WeChatInvalidContentException WithField(string field) => new(StatusCode, Message, field);
}
