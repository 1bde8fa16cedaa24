using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.DependencyInjection;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class EmulatorRegistrationTests
{
    [Fact]
    public async Task UseWeChatEmulator_RoutesTheNamedClientToTheSingletonEmulator()
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();

        var emulator = provider.GetRequiredService<WeChatEmulator>();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(WeChatApiNames.HttpClientName);
        client.BaseAddress = new Uri("https://api.weixin.qq.com");
        using var response = await client.GetAsync(new Uri("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000", UriKind.Relative));

        Assert.Same(emulator, provider.GetRequiredService<WeChatEmulator>());
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.Token));
        Assert.Contains("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(provider.GetService<WeChatEmulatorMarker>());
    }

    [Fact]
    public async Task UnsetCredentials_BecomeTheEmulators()
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator(o => o.AppId = "wx1111111111emulator");
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value;

        Assert.Equal("wx1111111111emulator", options.AppId);
        Assert.Equal(new WeChatEmulatorOptions().AppSecret, options.AppSecret);
    }

    [Fact]
    public async Task CredentialsTheAppSet_AreKept()
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wxAPP";
            o.AppSecret = "app-secret";
        }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value;

        Assert.Equal(("wxAPP", "app-secret"), (options.AppId, options.AppSecret));
    }

    [Theory]
    [InlineData("wx0123456789abcdef", null)]
    [InlineData("wx0123456789abcdef", "the-apps-own-secret")]
    [InlineData(null, "the-apps-own-secret")]
    public async Task TheEmulator_AcceptsTheCredentialsTheAppIsConfiguredWith(string? appId, string? appSecret)
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o =>
        {
            o.AppId = appId;
            o.AppSecret = appSecret;
        }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();

        var verdict = await provider.GetRequiredService<IWeChatContentSecurity>().CheckTextAsync("hello");
        var risky = await provider.GetRequiredService<IWeChatContentSecurity>().CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);

        Assert.True(verdict.IsPass);
        Assert.Equal(WeChatSuggestion.Risky, risky.Suggestion);
        Assert.Equal(1, provider.GetRequiredService<WeChatEmulator>().GetCallCount(WeChatEmulatorEndpoint.StableToken));
    }

    [Fact]
    public async Task AnExistingEmulator_AlsoAcceptsTheAppsCredentials()
    {
        using var emulator = new WeChatEmulator();
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o => o.AppId = "wx0123456789abcdef").UseWeChatEmulator(emulator);
        await using var provider = services.BuildServiceProvider();

        var verdict = await provider.GetRequiredService<IWeChatContentSecurity>().CheckTextAsync("hello");

        Assert.True(verdict.IsPass);
        Assert.Equal("wx0123456789abcdef", emulator.Options.AppId);
    }

    [Fact]
    public async Task ExistingEmulator_IsTheOneResolvedAndIsNotDisposedWithTheContainer()
    {
        using var emulator = new WeChatEmulator();
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator(emulator);
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(emulator, provider.GetRequiredService<WeChatEmulator>());
        }

        using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com") };
        using var response = await client.GetAsync(new Uri("/cgi-bin/token", UriKind.Relative));
        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.Token));
    }

    [Fact]
    public async Task ApplicationTimeProvider_DrivesTheEmulatorsClock()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();
        var emulator = provider.GetRequiredService<WeChatEmulator>();
        using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com") };
        var token = emulator.IssueAccessToken();

        time.Advance(TimeSpan.FromHours(2));
        using var response = await client.PostAsync(new Uri($"/wxa/msg_sec_check?access_token={token}", UriKind.Relative), EmulatorHarness.Json("""{"content":"x"}"""));

        Assert.Contains("42001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
