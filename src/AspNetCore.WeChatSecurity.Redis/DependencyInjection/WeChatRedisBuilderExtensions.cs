using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Redis;
using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Diagnostics;
using AspNetCore.WeChatSecurity.Redis.Gates;
using AspNetCore.WeChatSecurity.Redis.Hosting;
using AspNetCore.WeChatSecurity.Redis.MediaCheck;
using AspNetCore.WeChatSecurity.Redis.Verdicts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the instances of a farm share WeChat content security through Redis.</summary>
public static class WeChatRedisBuilderExtensions
{
    /// <summary>
    /// Shares the per-minute quota, the quota gate, the verdict cache (with single-flight across the farm), the store
    /// of asynchronous media checks and the push endpoint's memory of signed pushes between every instance that uses the
    /// same Redis and key prefix. The connection is opened on first use; while Redis is unreachable each instance falls
    /// back to its local behaviour (media checks and pushes answer 503) and reconnects.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...</c>.</param>
    /// <param name="configure">Sets further options, such as <see cref="WeChatRedisOptions.InstanceCount"/>.</param>
    /// <returns>The same builder.</returns>
    public static IWeChatSecurityBuilder AddRedis(this IWeChatSecurityBuilder builder, string configuration, Action<WeChatRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return AddRedisCore(builder, options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        }, connection: null);
    }

    /// <summary>
    /// Like <see cref="AddRedis(IWeChatSecurityBuilder, string, Action{WeChatRedisOptions}?)"/>, over a connection the
    /// application opened (and disposes) itself. Open it with <c>AbortOnConnectFail = false</c> so that the
    /// application starts while Redis is down.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="connection">Returns the application's connection.</param>
    /// <param name="configure">Sets further options, such as <see cref="WeChatRedisOptions.InstanceCount"/>.</param>
    /// <returns>The same builder.</returns>
    public static IWeChatSecurityBuilder AddRedis(this IWeChatSecurityBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, Action<WeChatRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        return AddRedisCore(builder, options => configure?.Invoke(options), connection);
    }

    private static IWeChatSecurityBuilder AddRedisCore(IWeChatSecurityBuilder builder, Action<WeChatRedisOptions> configure, Func<IServiceProvider, IConnectionMultiplexer>? connection)
    {
        var services = builder.Services;
        services.AddOptions<WeChatRedisOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                if (provider.GetService<IConfiguration>() is { } configuration)
                {
                    configuration.GetSection(WeChatRedisOptions.SectionName).Bind(options);
                }
            })
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(provider => new RedisConnection(
            provider.GetRequiredService<IOptions<WeChatRedisOptions>>(),
            provider.GetRequiredService<Logging.ILogger<RedisConnection>>(),
            connection?.Invoke(provider)));
        services.TryAddSingleton<FarmQuotaGate>();
        services.Replace(ServiceDescriptor.Singleton<IWeChatSharedQuota, FarmQuota>());
        services.AddHostedService<FarmStartup>();
        services.TryAddSingleton<RedisVerdictStore>();
        services.TryAddSingleton<RedisVerdictClaims>();
        services.Replace(ServiceDescriptor.Singleton<IWeChatVerdictClaims>(static provider => provider.GetRequiredService<RedisVerdictClaims>()));
        builder.AddDistributedVerdictCache(static provider => provider.GetRequiredService<RedisVerdictStore>());
        services.AddHealthChecks().AddCheck<RedisFarmHealthCheck>("wechat-security-redis", HealthStatus.Degraded, ["wechat"]);
        services.Replace(ServiceDescriptor.Singleton<IWeChatMediaCheckStore, RedisMediaCheckStore>());
        services.Replace(ServiceDescriptor.Singleton<IWeChatPushReplayGuard, RedisPushReplayGuard>());
        return builder;
    }
}
