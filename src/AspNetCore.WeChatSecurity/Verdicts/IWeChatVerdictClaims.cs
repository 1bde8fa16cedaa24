namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Makes the instances of a farm ask WeChat about new content one at a time: the first to find a verdict missing from
/// the distributed level of the verdict cache (<c>AddDistributedVerdictCache</c>) claims its key, and the others wait
/// for the verdict it stores there. <c>AspNetCore.WeChatSecurity.Redis</c> implements it; without one, every instance
/// that misses asks WeChat itself. It is a help, never a dependency: an implementation that cannot reach its store, or
/// has waited long enough, lets the instance ask WeChat itself, and never throws for that.
/// </summary>
public interface IWeChatVerdictClaims
{
    /// <summary>Waits until this instance is the one to ask WeChat about a key, or until another has stored its verdict.</summary>
    /// <param name="key">The verdict's key: a hash of the content and how it was checked, never the content.</param>
    /// <param name="isStored">Looks whether the verdict is in the distributed cache: called before claiming and whenever a waiter is woken.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>
    /// Null once <paramref name="isStored"/> found the verdict. Otherwise this instance asks WeChat and stores the verdict,
    /// then disposes the claim (also when the check failed), which lets the waiting instances look again at once.
    /// </returns>
    ValueTask<IAsyncDisposable?> ClaimAsync(string key, Func<CancellationToken, ValueTask<bool>> isStored, CancellationToken cancellationToken);
}
