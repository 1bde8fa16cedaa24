using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the application's distributed cache as a second level of the verdict cache.</summary>
public static class DistributedVerdictCacheBuilderExtensions
{
    /// <summary>
    /// Keeps verdicts in the application's <see cref="Caching.Distributed.IDistributedCache"/> too, so that the servers
    /// of a farm share them: a verdict missing from memory is looked for there before WeChat is asked, and every new
    /// verdict is written there with its time to live. The cache must be registered by the application (Redis, SQL
    /// Server...). If it fails, a warning is logged and WeChat is asked: a check never fails because of it.
    /// Servers share keys only when they share the AppSecret (or, without one, the AppId) that seeds the key hash.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <returns>The same builder.</returns>
    public static IWeChatSecurityBuilder AddDistributedVerdictCache(this IWeChatSecurityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IWeChatSharedVerdictCache, DistributedVerdictCache>();
        return builder;
    }
}
