using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>Binds the options from <see cref="SkiaSharpImageResizerOptions.SectionName"/>, when the application has a configuration.</summary>
internal sealed class SkiaSharpImageResizerConfiguration(IConfiguration? configuration = null) : IConfigureOptions<SkiaSharpImageResizerOptions>
{
    public void Configure(SkiaSharpImageResizerOptions options) => configuration?.GetSection(SkiaSharpImageResizerOptions.SectionName).Bind(options);
}
