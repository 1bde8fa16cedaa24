namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// The second level of the verdict cache, shared by the instances of a farm (<see cref="DistributedVerdictCache"/>): a
/// verdict missing from an instance's memory is looked for there before WeChat is asked.
/// </summary>
internal interface IWeChatSharedVerdictCache
{
    /// <summary>The verdict any instance stored for <paramref name="key"/> and that has not expired, or null.</summary>
    ValueTask<WeChatCachedVerdict?> TryGetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a verdict for every instance until it expires.</summary>
    ValueTask SetAsync(string key, WeChatCachedVerdict verdict, CancellationToken cancellationToken);

    /// <summary>
    /// The verdict stored for <paramref name="key"/>, or else the one <paramref name="produce"/> gets from WeChat, stored;
    /// with <see cref="IWeChatVerdictClaims"/>, one instance of the farm at a time produces it and the others wait.
    /// </summary>
    Task<WeChatCachedVerdict> GetOrAddAsync(string key, Func<CancellationToken, Task<WeChatCachedVerdict>> produce, CancellationToken cancellationToken);
}
