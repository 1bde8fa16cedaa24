using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers WeChat content security.</summary>
public static class WeChatSecurityServiceCollectionExtensions
{
    /// <summary>Adds WeChat content security, configured from <paramref name="configuration"/> (the application's configuration or its <c>WeChatSecurity</c> section).</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The root configuration (its <c>WeChatSecurity</c> section is used) or the section itself.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IWeChatSecurityBuilder AddWeChatContentSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration is IConfigurationSection { Key: WeChatSecurityOptions.SectionName } own
            ? own
            : configuration.GetSection(WeChatSecurityOptions.SectionName);
        services.AddOptions<WeChatSecurityOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Adds WeChat content security, configured in code.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IWeChatSecurityBuilder AddWeChatContentSecurity(this IServiceCollection services, Action<WeChatSecurityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WeChatSecurityOptions>().Configure(configure);
        return AddCore(services);
    }

    private static WeChatSecurityBuilder AddCore(IServiceCollection services)
    {
        services.AddWeChatApiClient();
        services.AddWeChatVerdicts();
        services.AddWeChatFilters();
        return new WeChatSecurityBuilder(services);
    }
}
