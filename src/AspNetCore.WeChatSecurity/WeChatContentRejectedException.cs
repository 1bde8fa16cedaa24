namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Thrown by the <c>Ensure…</c> methods of <see cref="IWeChatContentSecurity"/> when WeChat finds content risky (or
/// review, when <see cref="WeChatSecurityOptions.ReviewAction"/> rejects it). <c>UseWeChatContentSecurity()</c> turns it
/// into the same 422 ProblemDetails the attributes produce.
/// </summary>
public sealed class WeChatContentRejectedException : WeChatContentSecurityException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field the content came from, as the client named it.</param>
    /// <param name="verdict">WeChat's verdict.</param>
    public WeChatContentRejectedException(string field, WeChatVerdict verdict)
        : base($"The content of '{field}' was rejected by WeChat's content-security check ({verdict.Suggestion}).")
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(verdict);
        Field = field;
        Verdict = verdict;
    }

    /// <summary>The field the content came from.</summary>
    public string Field { get; }

    /// <summary>WeChat's verdict.</summary>
    public WeChatVerdict Verdict { get; }
}
