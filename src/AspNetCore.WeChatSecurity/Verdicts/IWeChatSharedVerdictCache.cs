namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The second level of the verdict cache, shared by the instances of a farm: a verdict missing from an instance's
/// memory is looked for here before WeChat is asked. <c>AddDistributedVerdictCache()</c> keeps it in the application's
/// <c>IDistributedCache</c>; <c>AspNetCore.WeChatSecurity.Redis</c> keeps it in Redis with single-flight across the
/// farm. It is a help, never a dependency: an implementation that cannot reach its store answers as if it held
/// nothing, and never throws for that.
/// </summary>
public interface IWeChatSharedVerdictCache
{
    /// <summary>The verdict any instance stored for <paramref name="key"/> and that has not expired, or null.</summary>
    /// <param name="key">The verdict's key: a hash of the content and how it was checked, never the content.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict, or null.</returns>
    ValueTask<WeChatCachedVerdict?> TryGetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a verdict for every instance until it expires.</summary>
    /// <param name="key">The verdict's key.</param>
    /// <param name="verdict">The verdict and its expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is stored, or given up.</returns>
    ValueTask SetAsync(string key, WeChatCachedVerdict verdict, CancellationToken cancellationToken);

    /// <summary>
    /// The verdict stored for <paramref name="key"/>, or else the one <paramref name="produce"/> gets from WeChat, stored.
    /// An implementation shared by a farm runs <paramref name="produce"/> on one instance at a time per key and lets the
    /// others wait (for a bounded time) for its verdict. The default looks, produces and stores, without single-flight.
    /// </summary>
    /// <param name="key">The verdict's key.</param>
    /// <param name="produce">Asks WeChat; called at most once by this call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict.</returns>
    async Task<WeChatCachedVerdict> GetOrAddAsync(string key, Func<CancellationToken, Task<WeChatCachedVerdict>> produce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(produce);
        if (await TryGetAsync(key, cancellationToken) is { } stored)
        {
            return stored;
        }

        var produced = await produce(cancellationToken);
        await SetAsync(key, produced, cancellationToken);
        return produced;
    }
}
