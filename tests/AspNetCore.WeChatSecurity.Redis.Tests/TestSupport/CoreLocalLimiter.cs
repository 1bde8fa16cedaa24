using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>
/// The core's single-server limiter, obtained the way the Redis package obtains it: the core hands its factory to
/// <see cref="IWeChatSharedQuota.CreateLimiter"/> when it creates each family's limiter.
/// </summary>
internal static class CoreLocalLimiter
{
    public static Func<int, RateLimiter> Factory(TimeProvider timeProvider, TimeSpan maxWait)
    {
        var capture = new CapturingQuota();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(timeProvider);
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx1234567890";
            o.AppSecret = "app-secret-0123456789abcdef";
            o.Resilience.MaxLimiterWait = maxWait;
        });
        services.AddSingleton<IWeChatSharedQuota>(capture);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IWeChatContentSecurity>();
        return capture.CreateLocalLimiter ?? throw new InvalidOperationException("The core created no limiter through IWeChatSharedQuota.");
    }

    private sealed class CapturingQuota : IWeChatSharedQuota
    {
        public Func<int, RateLimiter>? CreateLocalLimiter { get; private set; }

        public RateLimiter CreateLimiter(string family, int permitsPerMinute, Func<int, RateLimiter> createLocalLimiter)
        {
            CreateLocalLimiter = createLocalLimiter;
            return createLocalLimiter(permitsPerMinute);
        }

        public void Shut(string family, DateTimeOffset reopensAt, bool forTheDay)
        {
        }

        public bool IsShut(string family, DateTimeOffset now, out DateTimeOffset reopensAt, out bool forTheDay)
        {
            reopensAt = default;
            forTheDay = false;
            return false;
        }
    }
}
