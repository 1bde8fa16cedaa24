using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points WeChat content security at a <see cref="WeChatEmulator"/> instead of WeChat.</summary>
public static class WeChatEmulatorSecurityBuilderExtensions
{
    /// <summary>
    /// Answers every WeChat call in process with a new <see cref="WeChatEmulator"/> (a singleton, resolvable to read its
    /// counters and log). The emulator stands in for WeChat for this application: it accepts the AppId and AppSecret the
    /// application is configured with, and those the application left unset become the emulator's, so it runs with no
    /// credentials. Its clock and logging default to the application's. Starting refuses this in Production unless
    /// <see cref="WeChatSecurityOptions.AllowEmulatorInProduction"/> is set.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="configure">Sets the emulator's options.</param>
    /// <returns>The builder.</returns>
    public static IWeChatSecurityBuilder UseWeChatEmulator(this IWeChatSecurityBuilder builder, Action<WeChatEmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services =>
        {
            var options = new WeChatEmulatorOptions();
            configure?.Invoke(options);
            options.TimeProvider ??= services.GetService<TimeProvider>();
            options.LoggerFactory ??= services.GetService<ILoggerFactory>();
            return new WeChatEmulator(options);
        });
        return AddEmulatorServices(builder);
    }

    /// <summary>
    /// Answers every WeChat call in process with an existing emulator, for example one a test also drives directly.
    /// As with the other overload, the emulator is set to accept the AppId and AppSecret the application is configured
    /// with. The emulator stays the caller's to dispose.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The builder.</returns>
    public static IWeChatSecurityBuilder UseWeChatEmulator(this IWeChatSecurityBuilder builder, WeChatEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(emulator);
        builder.Services.AddSingleton(emulator);
        return AddEmulatorServices(builder);
    }

    private static IWeChatSecurityBuilder AddEmulatorServices(IWeChatSecurityBuilder builder)
    {
        var services = builder.Services;
        builder.UseFakeWeChat(static provider => provider.GetRequiredService<WeChatEmulator>().CreateHandler());
        services.AddOptions<WeChatSecurityOptions>().PostConfigure<WeChatEmulator>((options, emulator) =>
        {
            // The emulator's job is to stand in for WeChat for this application, so it takes the credentials the
            // application was given (appsettings.json's AppId with no secret in development, for example): refusing
            // them with 40013 would make every check unavailable. Unset ones become the emulator's.
            if (string.IsNullOrEmpty(options.AppId))
            {
                options.AppId = emulator.Options.AppId;
            }
            else
            {
                emulator.Options.AppId = options.AppId;
            }

            if (string.IsNullOrEmpty(options.AppSecret))
            {
                options.AppSecret = emulator.Options.AppSecret;
            }
            else
            {
                emulator.Options.AppSecret = options.AppSecret;
            }

            // So that MapWeChatMediaCheckPush accepts the emulator's pushes without further configuration.
            var mediaCheck = options.MediaCheck;
            if (string.IsNullOrEmpty(mediaCheck.PushToken))
            {
                mediaCheck.PushToken = emulator.Options.PushToken;
            }

            if (string.IsNullOrEmpty(mediaCheck.PushEncodingAesKey))
            {
                mediaCheck.PushEncodingAesKey = emulator.Options.EncodingAesKey;
            }

            mediaCheck.PushMode ??= emulator.Options.PushMode;
        });
        return builder;
    }
}
