using System.Threading.RateLimiting;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Creates the limiter that keeps one family of WeChat calls under its per-minute quota: every attempt upstream, retries
/// included, takes a permit from it first, and a refused permit fails the call as rate-limited. The default is a
/// <see cref="WeChatMinuteRateLimiter"/> per instance; <c>AspNetCore.WeChatSecurity.Redis</c> replaces it with one the
/// whole farm shares. A limiter should grant a permit only when the call may go now, waiting for it at most
/// <see cref="WeChatResilienceOptions.MaxLimiterWait"/>.
/// </summary>
public interface IWeChatRateLimiterFactory
{
    /// <summary>Creates the limiter of one family of calls; called once per family.</summary>
    /// <param name="family"><c>text</c>, <c>image</c> or <c>media</c>: WeChat counts each family's quota apart.</param>
    /// <param name="permitsPerMinute">The configured limit of the family (<see cref="WeChatResilienceOptions.TextChecksPerMinute"/>...).</param>
    /// <returns>The limiter, disposed with the application's services.</returns>
    RateLimiter Create(string family, int permitsPerMinute);
}
