using System.Net;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class FaultInjectionTests
{
    private const string Content = """{"content":"x"}""";

    [Fact]
    public async Task FailNext_HitsOnlyTheNamedEndpointAndOnlyNTimes()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.SystemBusy, 2, WeChatEmulatorEndpoint.MsgSecCheck);

        var token = await harness.GetTokenAsync();
        var first = await harness.CheckTextAsync(Content, token);
        var second = await harness.CheckTextAsync(Content, token);
        var third = await harness.CheckTextAsync(Content, token);

        Assert.Equal((-1, -1, 0), (first.ErrCode(), second.ErrCode(), third.ErrCode()));
        Assert.Equal("system error", first.GetProperty("errmsg").GetString());
        Assert.Equal(3, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
        Assert.Equal(-1, harness.Emulator.Requests[1].ErrorCode);
    }

    [Fact]
    public async Task FailNextWithoutEndpoint_HitsAnyEndpoint()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.Error(45009, "reach max api daily quota limit"));

        var answer = await harness.GetJsonAsync("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000emulator&secret=emulator-app-secret-0000000000000");

        Assert.Equal(45009, answer.ErrCode());
        Assert.Equal(0, (await harness.CheckTextAsync(Content)).ErrCode());
    }

    [Fact]
    public async Task ServerError_AnswersTheStatusWithoutJson()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.ServerError(502));

        using var response = await harness.Client.PostAsync(new Uri($"/wxa/msg_sec_check?access_token={harness.Emulator.IssueAccessToken()}", UriKind.Relative), EmulatorHarness.Json(Content));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ConnectionReset_ThrowsHttpRequestExceptionWithIOException()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.ConnectionReset);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => harness.CheckTextAsync(Content));

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(1, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
    }

    [Fact]
    public async Task MalformedJson_CannotBeParsed()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.MalformedJson);

        await Assert.ThrowsAnyAsync<JsonException>(() => harness.CheckTextAsync(Content));
    }

    [Fact]
    public async Task Delay_HoldsTheAnswerUntilTheClockMoves()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailNext(WeChatEmulatorFault.Delay(TimeSpan.FromSeconds(10)));

        var call = harness.CheckTextAsync(Content);
        Assert.False(call.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(call.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        // The bound only keeps a broken delay from hanging the run; the clock above is what releases the answer.
        Assert.Equal(0, (await call.WaitAsync(TimeSpan.FromSeconds(30))).ErrCode());
    }

    [Fact]
    public async Task FailFraction_IsRoughlyTheFractionAndRepeatableForASeed()
    {
        static async Task<bool[]> RunAsync()
        {
            using var harness = new EmulatorHarness(o => o.Quotas.Clear());
            harness.Emulator.FailFraction(WeChatEmulatorFault.SystemBusy, 0.3, WeChatEmulatorEndpoint.MsgSecCheck);
            var token = harness.Emulator.IssueAccessToken();
            var failed = new bool[200];
            for (var i = 0; i < failed.Length; i++)
            {
                failed[i] = (await harness.CheckTextAsync(Content, token)).ErrCode() == -1;
            }

            return failed;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.InRange(first.Count(f => f), 35, 85);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ClearFaults_StopsInjection()
    {
        using var harness = new EmulatorHarness();
        harness.Emulator.FailFraction(WeChatEmulatorFault.SystemBusy, 1);
        harness.Emulator.FailNext(WeChatEmulatorFault.ConnectionReset, 5);

        harness.Emulator.ClearFaults();

        Assert.Equal(0, (await harness.CheckTextAsync(Content)).ErrCode());
    }

    [Fact]
    public async Task Reset_ForgetsCountersLogTokensAndFaults()
    {
        using var harness = new EmulatorHarness();
        var token = await harness.GetTokenAsync();
        await harness.CheckTextAsync(Content, token);
        harness.Emulator.FailNext(WeChatEmulatorFault.SystemBusy, 3);

        harness.Emulator.Reset();

        Assert.Equal(0, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
        Assert.Equal(0, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.Token));
        Assert.Empty(harness.Emulator.Requests);
        Assert.Equal(40001, (await harness.CheckTextAsync(Content, token)).ErrCode());
    }

    [Fact]
    public async Task Counters_AreExactUnderConcurrency()
    {
        using var harness = new EmulatorHarness(o => o.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = WeChatEmulatorQuota.Unlimited);
        var token = harness.Emulator.IssueAccessToken();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => harness.CheckTextAsync(Content, token))));

        Assert.Equal(64, harness.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
        Assert.Equal(64, harness.Emulator.Requests.Count);
    }
}
