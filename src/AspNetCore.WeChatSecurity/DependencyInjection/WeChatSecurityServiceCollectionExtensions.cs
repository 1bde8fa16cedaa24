using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers WeChat content security.</summary>
public static class WeChatSecurityServiceCollectionExtensions
{
    /// <summary>
    /// Adds WeChat content security, configured from <paramref name="configuration"/> (the application's configuration or
    /// its <c>WeChatSecurity</c> section). A key that names no setting, or a value of the wrong kind, stops the
    /// application when it starts, naming the key and what it accepts.
    /// </summary>
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
        var misspelledSection = ConfigurationShapeCheck.FindMisspelledSection(configuration, WeChatSecurityOptions.SectionName);

        // Before Bind: the binder ignores unknown keys and stops at the first value it cannot convert, with a message
        // that lists neither the valid names nor the valid values.
        services.AddOptions<WeChatSecurityOptions>()
            .Configure(_ =>
            {
                var failures = ConfigurationShapeCheck.Check(section, typeof(WeChatSecurityOptions), AddOnSections);
                if (misspelledSection is not null)
                {
                    failures.Add(misspelledSection);
                }

                if (failures.Count > 0)
                {
                    throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(WeChatSecurityOptions), failures);
                }
            })
            .Bind(section);
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

    // Sub-sections that the add-on packages (AspNetCore.WeChatSecurity.Redis, .SkiaSharp) bind to options of their own.
    private static readonly string[] AddOnSections = ["Redis", "SkiaSharp"];

    private static WeChatSecurityBuilder AddCore(IServiceCollection services)
    {
        services.AddWeChatApiClient();
        services.AddWeChatVerdicts();
        services.AddWeChatFilters();
        services.AddWeChatMediaChecks();
        return new WeChatSecurityBuilder(services);
    }
}
