using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers asynchronous media checks: submission, store, delivery, sweeper, push and media endpoints (MediaCheck/).</summary>
internal static class MediaCheckServiceRegistration
{
    public static IServiceCollection AddWeChatMediaChecks(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatSecurityOptions>, WeChatMediaCheckOptionsValidator>());
        services.TryAddSingleton<IWeChatMediaCheckStore, InMemoryMediaCheckStore>();
        services.TryAddSingleton<KeptMediaStore>();
        services.TryAddSingleton<MediaDownloadUrls>();
        services.TryAddSingleton<IWeChatPushReplayGuard, InMemoryPushReplayGuard>();
        services.TryAddSingleton<UnrecordedResubmissions>();
        services.TryAddSingleton<SweepFailures>();
        services.TryAddSingleton<MediaCheckDelivery>();
        services.TryAddSingleton<WeChatMediaCheckService>();
        services.TryAddSingleton<IWeChatMediaCheck>(static provider => provider.GetRequiredService<WeChatMediaCheckService>());
        services.TryAddSingleton<WeChatPushEndpoint>();
        services.TryAddSingleton<MediaSecCheckRunner>();
        services.TryAddSingleton<MediaCheckSweeper>();
        services.AddHostedService(static provider => provider.GetRequiredService<MediaCheckSweeper>());
        return services;
    }
}
