namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class StableTokenEndpointTests
{
    private const string Content = """{"content":"hello"}""";

    [Fact]
    public async Task RepeatedCalls_ShareOneTokenWithShrinkingLifetime()
    {
        using var harness = new EmulatorHarness();

        var first = await harness.GetStableTokenAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var second = await harness.GetStableTokenAsync();

        Assert.Equal(first.GetProperty("access_token").GetString(), second.GetProperty("access_token").GetString());
        Assert.Equal(7200, first.GetProperty("expires_in").GetInt32());
        Assert.Equal(6600, second.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task LastFiveMinutes_IssueANewTokenWhileTheOldStillWorks()
    {
        using var harness = new EmulatorHarness();
        var old = (await harness.GetStableTokenAsync()).GetProperty("access_token").GetString()!;

        harness.Time.Advance(TimeSpan.FromSeconds(7200 - 300));
        var renewed = await harness.GetStableTokenAsync();

        Assert.NotEqual(old, renewed.GetProperty("access_token").GetString());
        Assert.Equal(7200, renewed.GetProperty("expires_in").GetInt32());
        Assert.Equal(0, (await harness.CheckTextAsync(Content, old)).ErrCode());
        harness.Time.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(42001, (await harness.CheckTextAsync(Content, old)).ErrCode());
    }

    [Fact]
    public async Task ForceRefresh_RevokesTheOldTokenAtOnce()
    {
        using var harness = new EmulatorHarness();
        var old = (await harness.GetStableTokenAsync()).GetProperty("access_token").GetString()!;

        var fresh = (await harness.GetStableTokenAsync(forceRefresh: true)).GetProperty("access_token").GetString()!;

        Assert.NotEqual(old, fresh);
        Assert.Equal(40001, (await harness.CheckTextAsync(Content, old)).ErrCode());
        Assert.Equal(0, (await harness.CheckTextAsync(Content, fresh)).ErrCode());
    }

    [Fact]
    public async Task ForceRefreshWithin30Seconds_Is45011()
    {
        using var harness = new EmulatorHarness();
        await harness.GetStableTokenAsync(forceRefresh: true);

        harness.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(45011, (await harness.GetStableTokenAsync(forceRefresh: true)).ErrCode());

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await harness.GetStableTokenAsync(forceRefresh: true)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task TwentyFirstForceRefreshOfABeijingDay_Is45009UntilBeijingMidnight()
    {
        using var harness = new EmulatorHarness();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await harness.GetStableTokenAsync(forceRefresh: true)).TryGetProperty("access_token", out _));
            harness.Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(45009, (await harness.GetStableTokenAsync(forceRefresh: true)).ErrCode());

        // The clock starts at 04:00 UTC, 12:00 in Beijing; the Beijing day ends at 16:00 UTC.
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 15, 59, 59, TimeSpan.Zero));
        Assert.Equal(45009, (await harness.GetStableTokenAsync(forceRefresh: true)).ErrCode());
        harness.Time.SetUtcNow(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero));
        Assert.True((await harness.GetStableTokenAsync(forceRefresh: true)).TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task StableAndPlainTokens_AreSeparateAndBothOpenTheChecks()
    {
        using var harness = new EmulatorHarness();
        var stable = (await harness.GetStableTokenAsync()).GetProperty("access_token").GetString()!;
        var plain = await harness.GetTokenAsync();
        await harness.GetTokenAsync();

        harness.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.NotEqual(stable, plain);
        Assert.Equal(0, (await harness.CheckTextAsync(Content, stable)).ErrCode());
        Assert.Equal(40001, (await harness.CheckTextAsync(Content, plain)).ErrCode());
        Assert.Equal(stable, (await harness.GetStableTokenAsync()).GetProperty("access_token").GetString());
    }

    [Theory]
    [InlineData("", 44002)]
    [InlineData("{not json", 47001)]
    [InlineData("""{"grant_type":"client_credential","appid":"wx0000000000emulator","secret":"nope"}""", 40125)]
    [InlineData("""{"grant_type":"client_credential","appid":"wxother","secret":"emulator-app-secret-0000000000000"}""", 40013)]
    public async Task BadRequests_AreRefused(string body, int errcode)
    {
        using var harness = new EmulatorHarness();

        Assert.Equal(errcode, (await harness.PostAsync("/cgi-bin/stable_token", EmulatorHarness.Json(body))).ErrCode());
    }

    [Fact]
    public async Task Get_Is43002()
    {
        using var harness = new EmulatorHarness();

        Assert.Equal(43002, (await harness.GetJsonAsync("/cgi-bin/stable_token")).ErrCode());
    }
}
