namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Receives the outcome of every asynchronous media check, once per correlation id, whether WeChat pushed a verdict
/// or the check timed out. Register any number (singletons; resolve scoped services through a scope). When one throws,
/// the outcome is not marked delivered: a pushed verdict is answered 500 so that WeChat delivers it again, and the
/// sweeper retries after <see cref="WeChatMediaCheckOptions.DeliveryRetryDelay"/>. The handlers of one check run in
/// registration order, and a handler that succeeded may be called again after a later one failed: keep them idempotent.
/// </summary>
public interface IWeChatMediaCheckResultHandler
{
    /// <summary>Handles one outcome.</summary>
    /// <param name="result">The outcome, with the application's <see cref="WeChatMediaCheckResult.CorrelationId"/>.</param>
    /// <param name="cancellationToken">Cancelled when the push request is aborted or the application stops.</param>
    /// <returns>A task that completes when the outcome is stored.</returns>
    Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken);
}
