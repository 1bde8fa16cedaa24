using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Images;

/// <summary>Finds, at start-up rather than on the first large image, a Resize policy without a resizer to carry it out.</summary>
internal static class ImageResizerStartupCheck
{
    /// <exception cref="InvalidOperationException">The policy is Resize and no <see cref="IWeChatImageResizer"/> is registered.</exception>
    public static void EnsureResizerIfNeeded(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value;
        if (options.Images.OversizePolicy != WeChatOversizePolicy.Resize)
        {
            return;
        }

        var registered = services.GetService<IServiceProviderIsService>() is { } isService
            ? isService.IsService(typeof(IWeChatImageResizer))
            : services.GetService<IWeChatImageResizer>() is not null;
        if (!registered)
        {
            throw MissingResizer();
        }
    }

    internal static InvalidOperationException MissingResizer() => new(
        $"{nameof(WeChatSecurityOptions)}.{nameof(WeChatImageOptions.OversizePolicy)} is {nameof(WeChatOversizePolicy.Resize)}, "
        + $"but no {nameof(IWeChatImageResizer)} is registered: the library ships none, so that it depends on no image library. "
        + "Add the AspNetCore.WeChatSecurity.SkiaSharp package and call AddSkiaSharpImageResizer() on the builder, "
        + $"register your own (services.AddSingleton<{nameof(IWeChatImageResizer)}, YourResizer>()), or choose "
        + $"{nameof(WeChatOversizePolicy.Reject)} or {nameof(WeChatOversizePolicy.SendAnyway)}.");
}
