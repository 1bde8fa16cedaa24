using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>What <c>AddSkiaSharpImageResizer()</c> registers and which settings win.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void AddingTheResizer_MakesResizeTheDefaultPolicy()
    {
        using var host = new ResizerHost();

        Assert.Equal(WeChatOversizePolicy.Resize, host.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.Images.OversizePolicy);
        Assert.IsType<SkiaSharpImageResizer>(host.Resizer);
    }

    [Theory]
    [InlineData(WeChatOversizePolicy.Reject)]
    [InlineData(WeChatOversizePolicy.SendAnyway)]
    public void APolicySetByTheApplication_StillWins(WeChatOversizePolicy policy)
    {
        using var host = new ResizerHost(options: o => o.Images.OversizePolicy = policy);

        Assert.Equal(policy, host.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.Images.OversizePolicy);
    }

    [Fact]
    public void APolicySetInConfiguration_StillWins()
    {
        using var host = new ResizerHost(configuration: new Dictionary<string, string?> { ["WeChatSecurity:Images:OversizePolicy"] = "Reject" });

        Assert.Equal(WeChatOversizePolicy.Reject, host.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.Images.OversizePolicy);
    }

    [Fact]
    public void TheSkiaSharpSection_IsNotAMisspelledCoreSetting_ButAMisspelledResizerSettingIs()
    {
        using var host = new ResizerHost(configuration: new Dictionary<string, string?>
        {
            ["WeChatSecurity:SkiaSharp:MaxConcurrentResizes"] = "3",
            ["WeChatSecurity:MaxResizablePixel"] = "1000",
        });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value);

        Assert.Contains("MaxResizablePixel", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SkiaSharp", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AreReadFromTheSkiaSharpSection_ThenFromCode()
    {
        using var host = new ResizerHost(
            resizer: o => o.JpegQuality = 90,
            configuration: new Dictionary<string, string?>
            {
                ["WeChatSecurity:SkiaSharp:MaxConcurrentResizes"] = "3",
                ["WeChatSecurity:SkiaSharp:JpegQuality"] = "70",
            });

        var options = host.Services.GetRequiredService<IOptions<SkiaSharpImageResizerOptions>>().Value;

        Assert.Equal(3, options.MaxConcurrentResizes);
        Assert.Equal(90, options.JpegQuality);
    }

    [Theory]
    [InlineData("MaxConcurrentResizes", "0")]
    [InlineData("JpegQuality", "101")]
    [InlineData("MinimumJpegQuality", "95")]
    [InlineData("MaxEncodeAttempts", "0")]
    public void InvalidOptions_AreRefusedNamingTheSetting(string name, string value)
    {
        using var host = new ResizerHost(configuration: new Dictionary<string, string?> { ["WeChatSecurity:SkiaSharp:" + name] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SkiaSharpImageResizerOptions>>().Value);

        Assert.Contains("WeChatSecurity:SkiaSharp:" + name + " is " + value, refused.Message, StringComparison.Ordinal);
    }
}
