namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Receives asynchronous media verdicts pushed by WeChat to <c>MapWeChatMediaCheckPush</c>. Register any number; each
/// is called for every verdict. When one throws, the push is answered 500 so that WeChat delivers it again: make
/// handlers idempotent (key on <see cref="WeChatMediaCheckResult.TraceId"/>).
/// </summary>
public interface IWeChatMediaCheckResultHandler
{
    /// <summary>Handles one verdict.</summary>
    /// <param name="result">The verdict.</param>
    /// <param name="cancellationToken">Cancelled when the push request is aborted.</param>
    /// <returns>A task that completes when the verdict is stored.</returns>
    Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken);
}
