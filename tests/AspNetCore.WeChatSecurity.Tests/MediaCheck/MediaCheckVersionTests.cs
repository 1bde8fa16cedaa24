using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>The media check resolves the API version and the scene as the text check does, from the same, reloadable options.</summary>
public sealed class MediaCheckVersionTests
{
    private const string OpenId = "oH1fu0FdHqpToe2T6gBj0WyB8iS1";

    [Fact]
    public async Task TextVersionAndDefaultScene_Reloaded_ReachTheMediaCheck()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChatSecurity:TextVersion"] = "V1",
                ["WeChatSecurity:DefaultScene"] = "Comment",
            })
            .Build();
        await using var app = await MediaCheckApp.StartAsync(build: b => b.Services.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var context = new WeChatCheckContext { OpenId = OpenId };

        await app.MediaCheck.SubmitAsync("before", Register(app, "before"), WeChatMediaType.Audio, context);
        configuration["WeChatSecurity:TextVersion"] = "V2";
        configuration["WeChatSecurity:DefaultScene"] = "Profile";
        configuration.Reload();
        await app.MediaCheck.SubmitAsync("after", Register(app, "after"), WeChatMediaType.Audio, context);

        var before = SentBody(app, "before");
        Assert.DoesNotContain("\"version\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("\"scene\"", before, StringComparison.Ordinal);
        Assert.DoesNotContain("\"openid\"", before, StringComparison.Ordinal);
        var after = SentBody(app, "after");
        Assert.Contains("\"version\":2", after, StringComparison.Ordinal);
        Assert.Contains("\"scene\":1", after, StringComparison.Ordinal);
        Assert.Contains(OpenId, after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WeChatApiVersion.Auto, OpenId, 2)]
    [InlineData(WeChatApiVersion.Auto, " ", 1)]
    [InlineData(WeChatApiVersion.Auto, null, 1)]
    [InlineData(WeChatApiVersion.V1, OpenId, 1)]
    public async Task SameContext_SendsTheSameVersionAndScene_ToTheTextAndTheMediaCheck(WeChatApiVersion configured, string? openId, int expected)
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o =>
        {
            o.TextVersion = configured;
            o.DefaultScene = WeChatScene.Forum;
        });
        var context = new WeChatCheckContext { OpenId = openId };
        var security = app.App.Services.GetRequiredService<IWeChatContentSecurity>();

        await security.CheckTextAsync("a harmless comment", context);
        await app.MediaCheck.SubmitAsync("voice", Register(app, "voice"), WeChatMediaType.Audio, context);

        var text = Assert.Single(app.Emulator.Requests, r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).BodyText;
        var media = SentBody(app, "voice");
        Assert.All([text, media], body =>
        {
            Assert.Equal(expected == 2, body.Contains("\"version\":2", StringComparison.Ordinal));
            Assert.Equal(expected == 2, body.Contains("\"scene\":3", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task V2WithoutOpenId_IsRefusedBeforeWeChatIsCalled_SayingHowToGiveOne()
    {
        await using var app = await MediaCheckApp.StartAsync(configure: o => o.TextVersion = WeChatApiVersion.V2);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => app.MediaCheck.SubmitAsync("voice", Register(app, "voice"), WeChatMediaType.Audio));

        Assert.Contains("WeChatCheckContext.OpenId", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    private static Uri Register(MediaCheckApp app, string name)
    {
        var url = new Uri($"https://cdn.example.test/{name}.mp3");
        app.Emulator.RegisterMedia(url, WeChatEmulator.SafeTestImage);
        return url;
    }

    private static string SentBody(MediaCheckApp app, string name) =>
        Assert.Single(app.Emulator.Requests, r => r.Endpoint == WeChatEmulatorEndpoint.MediaCheckAsync && r.BodyText.Contains($"/{name}.mp3", StringComparison.Ordinal)).BodyText;
}
