using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A configuration reload that brings invalid values: refused with one error in the log, the application goes on with
/// the settings it had, and a later valid reload applies.
/// </summary>
public sealed class InvalidReloadTests
{
    // Out of its data-annotation range, refused by the rules across settings (an attempt timeout over the total, a limit
    // of calls below what one text of MaxTextLength needs), and not bindable at all.
    [Theory]
    [InlineData("Images:MaxImageBytes", "0", "1048576", "WeChatSecurity:Images:MaxImageBytes must be between 1 and 1048576.")]
    [InlineData("Resilience:AttemptTimeout", "01:00:00", "00:00:05", "Resilience:AttemptTimeout")]
    [InlineData("ReviewAction", "Sometimes", "Allow", "WeChatSecurity:ReviewAction")]
    [InlineData("Text:MaxChecksPerRequest", "45", "46", "WeChatSecurity:Text:MaxChecksPerRequest (45) is below the 46 WeChat calls")]
    public async Task InvalidReload_IsRefusedAndLogged_TheApplicationGoesOnWithThePreviousSettings(string key, string invalid, string valid, string logged)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:ReviewAction"] = "Reject" })
            .Build();
        var logs = new FakeLogCollector();
        await using var app = await IntegrationApp.StartAsync(services: s => s
            .AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs))
            .Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var monitor = app.App.Services.GetRequiredService<IOptionsMonitor<WeChatSecurityOptions>>();
        var image = WeChatEmulator.SafeTestImage.ToArray();
        var before = monitor.CurrentValue;

        configuration["WeChatSecurity:" + key] = invalid;
        configuration.Reload();
        using var text = await app.Client.PostAsJsonAsync("/minimal/comments", new { title = "写得很好" });
        using var upload = await app.Client.PostAsync("/minimal/avatar", IntegrationApp.Upload("avatar", "a.png", image));
        var during = monitor.CurrentValue;
        configuration["WeChatSecurity:" + key] = valid;
        configuration["WeChatSecurity:Images:MaxImageBytes"] = (image.Length - 1).ToString(CultureInfo.InvariantCulture);
        configuration.Reload();
        using var afterValidReload = await app.Client.PostAsync("/minimal/avatar", IntegrationApp.Upload("avatar", "a.png", image));

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Same(before, during);
        var refused = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "ReloadRefused");
        Assert.Equal(LogLevel.Error, refused.Level);
        Assert.Equal(800, refused.Id.Id);
        Assert.Contains(logged, refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, afterValidReload.StatusCode);
        Assert.Equal(1024 * 1024, before.Images.MaxImageBytes);
        Assert.Equal(image.Length - 1, monitor.CurrentValue.Images.MaxImageBytes);
    }

    // The refusal repeats the failures' messages: none of them may repeat a secret it names.
    [Fact]
    public void InvalidSecretsReloaded_AreRefused_WithoutTheirValuesInTheLog()
    {
        const string Token = "pushToken1";
        const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChatSecurity:AppId"] = "wx0123456789abcdef",
                ["WeChatSecurity:AppSecret"] = "theAppSecret",
                ["WeChatSecurity:MediaCheck:PushToken"] = Token,
                ["WeChatSecurity:MediaCheck:PushEncodingAesKey"] = AesKey,
            })
            .Build();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<WeChatSecurityOptions>>();
        var before = monitor.CurrentValue;

        configuration["WeChatSecurity:MediaCheck:PushToken"] = Token + "-leaked";
        configuration["WeChatSecurity:MediaCheck:PushEncodingAesKey"] = AesKey + "leaked";
        configuration.Reload();

        Assert.Same(before, monitor.CurrentValue);
        var refused = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "ReloadRefused");
        Assert.Contains("PushToken", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PushEncodingAesKey", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AesKey, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("theAppSecret", refused.Message, StringComparison.Ordinal);
    }

    // A secret written in the wrong shape or place: the AppSecret as an object, or a secret under a key of another kind
    // (a number, an enum, a time span, a switch), with an AppSecret written as a number beside it. The refusal names the
    // settings and the shapes they take, and repeats none of the values (the last three were quoted before).
    [Theory]
    [InlineData("AppSecret:Value", "AppSecret takes a single value")]
    [InlineData("Cache:MaxEntries", "Cache:MaxEntries must be a whole number")]
    [InlineData("MediaCheck:PushMode", "MediaCheck:PushMode must be one of")]
    [InlineData("Resilience:AttemptTimeout", "Resilience:AttemptTimeout must be a time span")]
    [InlineData("AllowEmulatorInProduction", "AllowEmulatorInProduction must be true or false")]
    public void ASecretInTheWrongShape_IsRefused_WithoutItsValueInTheLog(string key, string logged)
    {
        const string Secret = "0123456789abcdef0123456789abcdef";
        const string NumericAppSecret = "98765432109876543210987654321098";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChatSecurity:AppId"] = "wx0123456789abcdef",
                ["WeChatSecurity:AppSecret"] = NumericAppSecret,
            })
            .Build();
        var logs = new FakeLogCollector();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        services.AddWeChatContentSecurity(configuration);
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<WeChatSecurityOptions>>();
        var before = monitor.CurrentValue;

        if (key.StartsWith("AppSecret:", StringComparison.Ordinal))
        {
            configuration["WeChatSecurity:AppSecret"] = null;
        }

        configuration["WeChatSecurity:" + key] = Secret;
        configuration.Reload();

        Assert.Same(before, monitor.CurrentValue);
        var refused = Assert.Single(logs.GetSnapshot(), r => r.Id.Name == "ReloadRefused");
        Assert.Contains("WeChatSecurity:" + logged, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NumericAppSecret, refused.Message, StringComparison.Ordinal);
        Assert.All(logs.GetSnapshot(), r => Assert.DoesNotContain(Secret, r.Message + r.Exception, StringComparison.Ordinal));
    }
}
