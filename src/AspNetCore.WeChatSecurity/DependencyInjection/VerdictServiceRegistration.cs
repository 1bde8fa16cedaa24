using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the content pipeline: verdict cache, single-flight, text chunking, image sniffing (Verdicts/, Text/, Images/).</summary>
internal static class VerdictServiceRegistration
{
    public static IServiceCollection AddWeChatVerdicts(this IServiceCollection services)
    {
        services.AddOptions();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WeChatSecurityMetrics>();
        services.TryAddSingleton<VerdictEvents>();
        services.TryAddSingleton<VerdictKeyFactory>();
        services.TryAddSingleton<VerdictCache>();
        services.TryAddSingleton<ImageGuard>();
        services.TryAddSingleton<IWeChatContentSecurity, WeChatContentSecurity>();
        return services;
    }
}
