using System.Threading.RateLimiting;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The one seam through which the instances of a farm share WeChat's quotas, implemented by
/// <c>AspNetCore.WeChatSecurity.Redis</c>: each family's per-minute limit, and the gate that stays shut after WeChat
/// said a quota is spent. Without it (a single server) every instance keeps both in its own memory. Every member is
/// called on the request path or at start-up, so none may wait for the network beyond what the limiter itself allows.
/// </summary>
public interface IWeChatSharedQuota
{
    /// <summary>
    /// Creates the limiter of one family of calls, called once per family at start-up. Every attempt upstream, retries
    /// included, takes a permit from it first, and a refused permit fails the call as rate-limited. A limiter must never
    /// grant more than <paramref name="permitsPerMinute"/> in any 60 seconds, must grant a permit only when the call may
    /// go now (waiting for it at most <see cref="WeChatResilienceOptions.MaxLimiterWait"/>), and must refuse one further
    /// away at once with <see cref="MetadataName.RetryAfter"/>.
    /// </summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>: WeChat counts each family's quota apart.</param>
    /// <param name="permitsPerMinute">The configured limit of the family (<see cref="WeChatResilienceOptions.TextChecksPerMinute"/>...).</param>
    /// <param name="createLocalLimiter">
    /// Creates the single-server limiter (a sliding minute kept in this process) for a number of permits a minute: the
    /// fallback with this instance's share of the limit while the shared store cannot be reached.
    /// </param>
    /// <returns>The limiter, disposed with the application's services.</returns>
    RateLimiter CreateLimiter(string family, int permitsPerMinute, Func<int, RateLimiter> createLocalLimiter);

    /// <summary>Tells the other instances that WeChat answered that a family's quota is spent.</summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>.</param>
    /// <param name="reopensAt">When the quota is back: the next minute after 44991/45011, 00:00 China Standard Time after 45009.</param>
    /// <param name="forTheDay">True for the daily quota (45009).</param>
    void Shut(string family, DateTimeOffset reopensAt, bool forTheDay);

    /// <summary>
    /// Whether another instance found the family's quota spent and it is not back yet. Every instance keeps its own gate
    /// too and stays shut while either is: this adds what the others learned.
    /// </summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="reopensAt">When the quota is back.</param>
    /// <param name="forTheDay">True for the daily quota.</param>
    /// <returns>True while shut.</returns>
    bool IsShut(string family, DateTimeOffset now, out DateTimeOffset reopensAt, out bool forTheDay);
}
