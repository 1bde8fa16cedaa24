using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>
/// Makes <see cref="WeChatOversizePolicy.Resize"/> the default once a resizer is added: registered before every other
/// configuration of <see cref="WeChatSecurityOptions"/>, so that an explicit <c>OversizePolicy</c> in appsettings or code
/// still wins.
/// </summary>
internal sealed class ResizeOversizedImagesByDefault : IConfigureOptions<WeChatSecurityOptions>
{
    public void Configure(WeChatSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Images.OversizePolicy = WeChatOversizePolicy.Resize;
    }
}
