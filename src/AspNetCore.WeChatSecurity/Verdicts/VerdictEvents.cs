using AspNetCore.WeChatSecurity.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Every outcome of a verdict lookup passes through here, one method per outcome, so that logs and metrics are
/// recorded in one place.
/// </summary>
internal sealed class VerdictEvents(ILogger<VerdictEvents> logger, WeChatSecurityMetrics metrics)
{
    public void CacheHit(VerdictKey key, VerdictCacheLevel level, WeChatVerdict verdict)
    {
        VerdictsLog.CacheHit(logger, level, key);
        metrics.Check(key.Kind, verdict.Suggestion, fromCache: true);
    }

    public void CacheMiss(VerdictKey key)
    {
        VerdictsLog.CacheMiss(logger, key);
        metrics.CacheMiss(key.Kind);
    }

    public void CheckedUpstream(VerdictKey key, WeChatVerdict verdict) => metrics.Check(key.Kind, verdict.Suggestion, fromCache: false);

    public void CheckFailed(VerdictKey key) => metrics.Check(key.Kind, suggestion: null, fromCache: false);

    public void JoinedCheckInFlight(VerdictKey key) => VerdictsLog.JoinedCheckInFlight(logger, key);

    public void DistributedCacheFailed(string operation, string key, Exception exception) =>
        VerdictsLog.DistributedCacheFailed(logger, operation, key, exception);

    public void DistributedEntryUnreadable(string key) => VerdictsLog.DistributedEntryUnreadable(logger, key);
}
