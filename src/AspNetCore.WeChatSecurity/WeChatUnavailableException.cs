namespace AspNetCore.WeChatSecurity;

/// <summary>
/// WeChat could not give a verdict: retries were spent, the circuit breaker is open, a quota gate is shut, the
/// client-side limiter would wait too long, or no access token could be obtained. <see cref="RetryAfter"/> says when
/// trying again makes sense.
/// </summary>
public sealed class WeChatUnavailableException : WeChatContentSecurityException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why WeChat is unavailable.</param>
    /// <param name="message">A message a person can act on; it never contains a token or a secret.</param>
    /// <param name="retryAfter">When trying again makes sense, if known.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public WeChatUnavailableException(WeChatUnavailableReason reason, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        RetryAfter = retryAfter;
    }

    /// <summary>Why WeChat is unavailable.</summary>
    public WeChatUnavailableReason Reason { get; }

    /// <summary>When trying again makes sense, if known.</summary>
    public TimeSpan? RetryAfter { get; }
}
