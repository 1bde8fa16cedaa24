namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The base of every exception the library throws about content or about WeChat, so that a SignalR hub or a background
/// job can catch them all at once. How an HTTP response answers each is the response side's business, not theirs.
/// </summary>
public abstract class WeChatContentSecurityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A message a person can act on; it never contains a token or a secret.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    protected WeChatContentSecurityException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
