using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Resilience;
using AspNetCore.WeChatSecurity.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the WeChat API client, tokens and resilience (Api/, Tokens/, Resilience/).</summary>
internal static class ApiServiceRegistration
{
    public static IServiceCollection AddWeChatApiClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The ranges are data annotations on the options; nested groups are followed through [ValidateObjectMembers].
        // The options validation source generator is not used: its generated [Range] ignores ErrorMessage, and the
        // messages must name the configuration path (WeChatSecurity:Cache:MaxEntries), not the CLR type.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatSecurityOptions>>(
            new DataAnnotationValidateOptions<WeChatSecurityOptions>(Options.DefaultName)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatSecurityOptions>, WeChatSecurityOptionsValidator>());
        services.AddOptions<WeChatSecurityOptions>().ValidateOnStart();

        // Validated on every reload too: an invalid one is refused and logged, the previous settings stay in force.
        services.TryAddSingleton<IOptionsFactory<WeChatSecurityOptions>, LastValidOptionsFactory<WeChatSecurityOptions>>();

        // Polly owns every timeout, and our own [LoggerMessage] events replace the factory's request logging, whose
        // lines would otherwise carry the URL (and so the token, or the AppSecret for /cgi-bin/token).
        services.AddHttpClient(WeChatApiNames.HttpClientName, static (provider, client) =>
            {
                client.BaseAddress = provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.ApiBaseAddress;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllLoggers();

        services.AddMetrics();
        services.TryAddSingleton<WeChatResilience>();
        services.TryAddSingleton<WeChatSecurityMetrics>();
        services.TryAddSingleton<WeChatHttpSender>();
        services.TryAddSingleton<WeChatResilientSender>();
        services.TryAddSingleton<IAccessTokenFetcher>(static provider =>
            provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.TokenSource == WeChatTokenSource.External
                ? new ExternalTokenFetcher(provider)
                : ActivatorUtilities.CreateInstance<WeChatTokenFetcher>(provider));
        services.TryAddSingleton<AccessTokenProvider>();
        services.TryAddSingleton<WeChatCallPolicy>();
        services.TryAddSingleton<IWeChatApiClient, WeChatApiClient>();
        return services;
    }
}
