using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds a distributed cache as the second level of the verdict cache: for an application that runs several servers
/// (the Redis package calls it with a cache of its own).
/// </summary>
public static class DistributedVerdictCacheBuilderExtensions
{
    /// <summary>
    /// Keeps verdicts in the application's <see cref="IDistributedCache"/> too, so that the servers of a farm share them:
    /// a verdict missing from memory is looked for there before WeChat is asked, and every new verdict is written there
    /// with its time to live. The cache must be registered by the application (Redis, SQL Server...). If it fails, a
    /// warning is logged and WeChat is asked: a check never fails because of it. Servers share keys only when they share
    /// the AppSecret (or, without one, the AppId) that seeds the key hash. With an <see cref="IWeChatVerdictClaims"/>
    /// registered, new content is checked by one server at a time.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <returns>The same builder.</returns>
    public static IWeChatSecurityBuilder AddDistributedVerdictCache(this IWeChatSecurityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(static provider => Create(provider, provider.GetRequiredService<IDistributedCache>()));
        return builder;
    }

    /// <summary>
    /// Like <see cref="AddDistributedVerdictCache(IWeChatSecurityBuilder)"/>, over a distributed cache of its own rather
    /// than the application's; it replaces any other second level.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="cache">Returns the cache that keeps the verdicts.</param>
    /// <returns>The same builder.</returns>
    public static IWeChatSecurityBuilder AddDistributedVerdictCache(this IWeChatSecurityBuilder builder, Func<IServiceProvider, IDistributedCache> cache)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cache);
        builder.Services.Replace(ServiceDescriptor.Singleton(provider => Create(provider, cache(provider))));
        return builder;
    }

    private static DistributedVerdictCache Create(IServiceProvider provider, IDistributedCache cache) => new(
        cache,
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<VerdictEvents>(),
        provider.GetService<IWeChatVerdictClaims>());
}
