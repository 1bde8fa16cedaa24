using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Every outcome of a verdict lookup passes through here, one method per outcome, so that logs and metrics are
/// recorded in one place.
/// </summary>
internal sealed class VerdictEvents(ILogger<VerdictEvents> logger)
{
    public void CacheHit(VerdictKey key, VerdictCacheLevel level) => VerdictsLog.CacheHit(logger, level, key);

    public void CacheMiss(VerdictKey key) => VerdictsLog.CacheMiss(logger, key);

    public void JoinedCheckInFlight(VerdictKey key) => VerdictsLog.JoinedCheckInFlight(logger, key);

    public void DistributedCacheFailed(string operation, VerdictKey key, Exception exception) =>
        VerdictsLog.DistributedCacheFailed(logger, operation, key, exception);

    public void DistributedEntryUnreadable(VerdictKey key) => VerdictsLog.DistributedEntryUnreadable(logger, key);
}
