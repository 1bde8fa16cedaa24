using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class QuotaTests
{
    private const string Content = """{"content":"x"}""";

    [Fact]
    public async Task OverTheMinuteLimit_Is45011UntilTheNextClockMinute()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = new WeChatEmulatorQuota(3, 1000));
        var token = harness.Emulator.IssueAccessToken();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await harness.CheckTextAsync(Content, token)).ErrCode());
        }

        Assert.Equal(45011, (await harness.CheckTextAsync(Content, token)).ErrCode());
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await harness.CheckTextAsync(Content, token)).ErrCode());
    }

    [Fact]
    public async Task QuotaIsPerEndpoint()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = new WeChatEmulatorQuota(1, 1000));
        var token = harness.Emulator.IssueAccessToken();
        await harness.CheckTextAsync(Content, token);

        var image = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage), token);

        Assert.Equal(0, image.ErrCode());
    }

    [Fact]
    public async Task OverTheDailyLimit_Is45009UntilBeijingMidnight()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.ImgSecCheck] = new WeChatEmulatorQuota(100, 2));
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero));
        var token = harness.Emulator.IssueAccessToken();
        async Task<int> CheckAsync() => (await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage), token)).ErrCode();

        Assert.Equal(0, await CheckAsync());
        Assert.Equal(0, await CheckAsync());
        Assert.Equal(45009, await CheckAsync());

        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 15, 59, 59, TimeSpan.Zero));
        Assert.Equal(45009, await CheckAsync());
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await CheckAsync());
    }

    [Fact]
    public async Task RefusedTokens_DoNotUseTheQuota()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = new WeChatEmulatorQuota(1, 1));

        Assert.Equal(40001, (await harness.CheckTextAsync(Content, "UnknownToken")).ErrCode());
        Assert.Equal(0, (await harness.CheckTextAsync(Content)).ErrCode());
    }

    [Fact]
    public async Task TokenEndpoint_HasItsOwnDailyQuota()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.Token] = new WeChatEmulatorQuota(int.MaxValue, 1));
        await harness.GetTokenAsync();

        var answer = await harness.GetJsonAsync("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000");

        Assert.Equal(45009, answer.ErrCode());
    }
}
