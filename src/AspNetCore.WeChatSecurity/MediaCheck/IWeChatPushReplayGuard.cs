namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Remembers which body each signed push query came with. WeChat's <c>signature</c> covers the Token, timestamp and
/// nonce but not the body, so a signed query seen once (in a proxy log, say) could otherwise carry any verdict while its
/// timestamp is inside <see cref="WeChatMediaCheckOptions.PushTimestampWindow"/>: the push endpoint accepts a query again
/// only with the same body, which is what WeChat's retries send. The default remembers the last
/// <see cref="WeChatMediaCheckOptions.PushReplayMemory"/> queries in each instance's memory;
/// <c>AspNetCore.WeChatSecurity.Redis</c> shares the memory between the instances of a farm, so that a query seen by one
/// instance cannot reach another with another body.
/// </summary>
public interface IWeChatPushReplayGuard
{
    /// <summary>
    /// Remembers <paramref name="signedQuery"/> with <paramref name="bodyHash"/> unless it is remembered already, and
    /// tells whether the push may go on, as one atomic step for every instance sharing the memory.
    /// </summary>
    /// <param name="signedQuery">What identifies a signed push: its <c>timestamp</c> and <c>nonce</c>, which its valid <c>signature</c> binds to the Token, and the <c>msg_signature</c> of an encrypted one, joined.</param>
    /// <param name="bodyHash">The SHA-256 of the push's body (32 bytes); never the body itself.</param>
    /// <param name="keepFor">How long, from now, the query may still be accepted by an instance of the farm: after that it need not be remembered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when the query was seen with another body; true when it is new or came with the same body.</returns>
    /// <exception cref="WeChatUnavailableException">
    /// The shared memory cannot be reached, so whether the push was replayed cannot be told: the push is answered 503
    /// with Retry-After, and WeChat sends it again.
    /// </exception>
    ValueTask<bool> TryAcceptAsync(string signedQuery, ReadOnlyMemory<byte> bodyHash, TimeSpan keepFor, CancellationToken cancellationToken);
}
