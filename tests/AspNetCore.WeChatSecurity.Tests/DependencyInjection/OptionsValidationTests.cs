using System.Globalization;
using AspNetCore.WeChatSecurity.DependencyInjection;
using AspNetCore.WeChatSecurity.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Tests.DependencyInjection;

public sealed class OptionsValidationTests
{
    [Fact]
    public void MissingCredentials_FailWithMessagesNamingTheSettings()
    {
        var failure = Validate(o => { });

        Assert.Contains(failure, m => m.Contains("WeChatSecurity:AppId is required", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:AppSecret is required", StringComparison.Ordinal) && m.Contains("user-secrets", StringComparison.Ordinal));
    }

    [Fact]
    public void BadValues_FailWithTheirNamesAndRanges()
    {
        var failure = Validate(o =>
        {
            o.AppId = "wx";
            o.AppSecret = "a-secret-value";
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(10);
            o.Images.MaxImageBytes = 2 * 1024 * 1024;
            o.Resilience.TextChecksPerMinute = 0;
            o.Resilience.CircuitBreakerFailureRatio = 0;
            o.ApiBaseAddress = new Uri("/relative", UriKind.Relative);
            o.FailureMode = (WeChatFailureMode)7;
        });

        Assert.Contains(failure, m => m.Contains("TotalTimeout", StringComparison.Ordinal) && m.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Images:MaxImageBytes must be between 1 and 1048576", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Resilience:TextChecksPerMinute must be between 1 and 4000", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Resilience:CircuitBreakerFailureRatio must be more than 0 and at most 1", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("ApiBaseAddress", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("FailureMode has no value 7; use one of Block, Allow", StringComparison.Ordinal));
        Assert.DoesNotContain(failure, m => m.Contains("a-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void MaxEntries_BelowFour_FailsWithTheRange()
    {
        var failure = ValidateWithCredentials(o => o.Cache.MaxEntries = 3);

        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Cache:MaxEntries must be between 4 and 100000000", StringComparison.Ordinal));
    }

    [Fact]
    public void KeySecret_ShorterThan16Characters_FailsWithoutRepeatingIt()
    {
        var failure = ValidateWithCredentials(o => o.Cache.KeySecret = "fifteen-chars!!");

        var message = Assert.Single(failure);
        Assert.Contains("WeChatSecurity:Cache:KeySecret must be at least 16 characters", message, StringComparison.Ordinal);
        Assert.DoesNotContain("fifteen-chars!!", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangesInEveryGroup_AreChecked_AndNamedByTheirPaths()
    {
        var failure = ValidateWithCredentials(o =>
        {
            o.TokenRefreshMargin = TimeSpan.FromHours(2);
            o.Resilience.MaxLimiterWait = TimeSpan.FromMinutes(2);
            o.Cache.ReviewTtl = TimeSpan.FromDays(-1);
            o.Text.MaxChunkParallelism = 0;
            o.Images.MaxResizablePixels = 0;
        });

        Assert.Equal(5, failure.Count);
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:TokenRefreshMargin must be between", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Resilience:MaxLimiterWait must be between", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Cache:ReviewTtl must be between", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Text:MaxChunkParallelism must be between 1 and 64", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Images:MaxResizablePixels must be between 1 and 1000000000", StringComparison.Ordinal));
    }

    [Fact]
    public void MaxChecksPerRequest_BelowOne_FailsWithTheRange()
    {
        var failure = ValidateWithCredentials(o =>
        {
            o.Text.MaxChecksPerRequest = 0;
            o.Images.MaxChecksPerRequest = 0;
        });

        Assert.Equal(2, failure.Count);
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Text:MaxChecksPerRequest must be between 1 and 100000", StringComparison.Ordinal));
        Assert.Contains(failure, m => m.Contains("WeChatSecurity:Images:MaxChecksPerRequest must be between 1 and 10000", StringComparison.Ordinal));
    }

    // The limit counts calls, a long text one per chunk (v2: 2,500 characters): one text of MaxTextLength must fit it,
    // or such a text would be refused even alone. v1 takes 500 KB a call.
    [Theory]
    [InlineData(WeChatApiVersion.Auto, 1_000_000, 64, 457)]
    [InlineData(WeChatApiVersion.V2, 100_000, 45, 46)]
    public void MaxChecksPerRequest_BelowTheCallsOfTheLongestText_FailsNamingBothAndTheFloor(WeChatApiVersion version, int maxTextLength, int limit, int floor)
    {
        var failure = ValidateWithCredentials(o =>
        {
            o.TextVersion = version;
            o.Text.MaxTextLength = maxTextLength;
            o.Text.MaxChecksPerRequest = limit;
        });

        var message = Assert.Single(failure);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"WeChatSecurity:Text:MaxChecksPerRequest ({limit:N0}) is below the {floor:N0} WeChat calls one text of WeChatSecurity:Text:MaxTextLength ({maxTextLength:N0}) characters can need"), message, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"raise it to at least {floor:N0}, or lower MaxTextLength"), message, StringComparison.Ordinal);
        Assert.Equal(floor, TextChunker.MostChunks(maxTextLength, TextChunkLimit.V2, 50));
    }

    [Theory]
    [InlineData(WeChatApiVersion.Auto, 457)]
    [InlineData(WeChatApiVersion.V1, 64)]
    public void MaxChecksPerRequest_AtTheCallsOfTheLongestText_Passes(WeChatApiVersion version, int limit)
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx";
            o.AppSecret = "s";
            o.TextVersion = version;
            o.Text.MaxTextLength = 1_000_000;
            o.Text.MaxChecksPerRequest = limit;
        });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(limit, provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.Text.MaxChecksPerRequest);
    }

    [Fact]
    public void ExternalSource_WithoutARegisteredSource_Fails()
    {
        var failure = Validate(o => o.TokenSource = WeChatTokenSource.External);

        Assert.Contains(failure, m => m.Contains("IWeChatAccessTokenSource", StringComparison.Ordinal));
        Assert.DoesNotContain(failure, m => m.Contains("AppId is required", StringComparison.Ordinal));
    }

    [Fact]
    public void ResizePolicy_WithoutAResizer_Fails()
    {
        var failure = ValidateWithCredentials(o => o.Images.OversizePolicy = WeChatOversizePolicy.Resize);

        Assert.Contains(failure, m => m.Contains("IWeChatImageResizer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Production", false, true)]
    [InlineData("Production", true, false)]
    [InlineData("Development", false, false)]
    public async Task Emulator_InProduction_RefusesToStart_UnlessAllowed(string environment, bool allow, bool refuses)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx";
            o.AppSecret = "s";
            o.AllowEmulatorInProduction = allow;
        });
        builder.Services.AddSingleton<WeChatEmulatorMarker>();
        await using var app = builder.Build();

        if (refuses)
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("emulator", failure.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("AllowEmulatorInProduction", failure.Message, StringComparison.Ordinal);
        }
        else
        {
            await app.StartAsync();
            await app.StopAsync();
        }
    }

    /// <summary>Validates with an AppId and AppSecret set, so that only what <paramref name="configure"/> breaks fails.</summary>
    private static List<string> ValidateWithCredentials(Action<WeChatSecurityOptions> configure) => Validate(o =>
    {
        o.AppId = "wx";
        o.AppSecret = "s";
        configure(o);
    });

    private static List<string> Validate(Action<WeChatSecurityOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(configure);
        using var provider = services.BuildServiceProvider();
        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value);
        return [.. exception.Failures];
    }
}
