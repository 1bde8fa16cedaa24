using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class TokenEndpointTests
{
    private const string Content = """{"content":"hello"}""";

    [Fact]
    public async Task ValidCredentials_IssueA7200SecondToken()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.GetJsonAsync("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000");

        Assert.Equal(7200, answer.GetProperty("expires_in").GetInt32());
        Assert.True(answer.GetProperty("access_token").GetString()!.Length > 100);
    }

    [Theory]
    [InlineData("grant_type=client_credential&appid=wxWRONG&secret=emulator-app-secret-0000000000000", 40013)]
    [InlineData("grant_type=client_credential&appid=wx0000000000emulator&secret=wrong", 40125)]
    [InlineData("grant_type=authorization_code&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000", 40002)]
    [InlineData("grant_type=client_credential&secret=emulator-app-secret-0000000000000", 41002)]
    [InlineData("grant_type=client_credential&appid=wx0000000000emulator", 41004)]
    public async Task BadCredentials_AreRefusedWithWeChatsCode(string query, int errcode)
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.GetJsonAsync("/cgi-bin/token?" + query);

        Assert.Equal(errcode, answer.ErrCode());
        Assert.False(answer.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task PostToTokenEndpoint_Is43001()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.PostAsync("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000", EmulatorHarness.Json("{}"));

        Assert.Equal(43001, answer.ErrCode());
    }

    [Fact]
    public async Task NewToken_RetiresThePreviousOneAfterFiveMinutes()
    {
        using var harness = new EmulatorHarness();
        var first = await harness.GetTokenAsync();
        var second = await harness.GetTokenAsync();

        harness.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await harness.CheckTextAsync(Content, first)).ErrCode());

        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(40001, (await harness.CheckTextAsync(Content, first)).ErrCode());
        Assert.Equal(0, (await harness.CheckTextAsync(Content, second)).ErrCode());
    }

    [Fact]
    public async Task TokenPastItsLifetime_Is42001()
    {
        using var harness = new EmulatorHarness();
        var token = await harness.GetTokenAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(7199));
        Assert.Equal(0, (await harness.CheckTextAsync(Content, token)).ErrCode());
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(42001, (await harness.CheckTextAsync(Content, token)).ErrCode());
    }

    [Theory]
    [InlineData("?access_token=NeverIssuedButWellFormedToken123", 40001)]
    [InlineData("?access_token=", 40014)]
    [InlineData("?access_token=has%20spaces%21", 40014)]
    [InlineData("", 41001)]
    [InlineData("?token=misnamed", 41001)]
    public async Task BadAccessToken_IsRefused(string query, int errcode)
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.PostAsync("/wxa/msg_sec_check" + query, EmulatorHarness.Json(Content));

        Assert.Equal(errcode, answer.ErrCode());
        Assert.Contains("rid:", answer.GetProperty("errmsg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudbaseAccessToken_OpensTheCheckEndpoints()
    {
        using var harness = new EmulatorHarness();
        var token = await harness.GetTokenAsync();

        var answer = await harness.PostAsync($"/wxa/msg_sec_check?cloudbase_access_token={token}", EmulatorHarness.Json(Content));

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("***", harness.Emulator.Requests[^1].Query["cloudbase_access_token"]);
    }

    [Fact]
    public async Task RequestLog_NeverHoldsTheTokenOrTheSecret()
    {
        using var harness = new EmulatorHarness();
        var token = await harness.GetTokenAsync();
        await harness.GetStableTokenAsync();
        await harness.CheckTextAsync(Content, token);

        var requests = harness.Emulator.Requests;

        Assert.Equal("***", requests[0].Query["secret"]);
        Assert.Equal("wx0000000000emulator", requests[0].Query["appid"]);
        Assert.True(requests[1].Body.IsEmpty);
        Assert.Equal("***", requests[2].Query["access_token"]);
        Assert.All(requests, request =>
        {
            Assert.DoesNotContain(token, request.BodyText + string.Join(",", request.Query.Values), StringComparison.Ordinal);
            Assert.DoesNotContain(harness.Emulator.Options.AppSecret, request.BodyText + string.Join(",", request.Query.Values), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task IssuedAccessToken_DoesNotRetireOtherTokens()
    {
        using var harness = new EmulatorHarness();
        var token = await harness.GetTokenAsync();
        harness.Emulator.IssueAccessToken();

        harness.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, (await harness.CheckTextAsync(Content, token)).ErrCode());
    }

    [Fact]
    public async Task UnknownPath_Is404With40066()
    {
        using var harness = new EmulatorHarness();

        using var response = await harness.Client.PostAsync(new Uri("/wxa/no_such_api", UriKind.Relative), EmulatorHarness.Json("{}"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(1, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.Unknown));
    }
}
