using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.SkiaSharp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SkiaSharp image resizer to WeChat content security.</summary>
public static class WeChatSkiaSharpBuilderExtensions
{
    /// <summary>
    /// Resizes images over WeChat's limits with SkiaSharp before they are checked, and makes
    /// <see cref="WeChatOversizePolicy.Resize"/> the default <see cref="WeChatImageOptions.OversizePolicy"/> (an
    /// <c>OversizePolicy</c> set in configuration or code still wins). The action still receives the original upload.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="configure">Sets the resizer's options, after the <c>WeChatSecurity:SkiaSharp</c> configuration section.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static IWeChatSecurityBuilder AddSkiaSharpImageResizer(this IWeChatSecurityBuilder builder, Action<SkiaSharpImageResizerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SkiaSharpImageResizerOptions>, SkiaSharpImageResizerConfiguration>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SkiaSharpImageResizerOptions>, SkiaSharpImageResizerOptionsValidator>());
        var options = services.AddOptions<SkiaSharpImageResizerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SkiaSharpResizerMetrics>();
        services.TryAddSingleton<ResizeSlots>();
        services.Replace(ServiceDescriptor.Singleton<IWeChatImageResizer, SkiaSharpImageResizer>());

        // First of all the configurations, so that it only changes the default.
        if (!services.Any(descriptor => !descriptor.IsKeyedService && descriptor.ImplementationType == typeof(ResizeOversizedImagesByDefault)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<WeChatSecurityOptions>, ResizeOversizedImagesByDefault>());
        }

        return builder;
    }
}
