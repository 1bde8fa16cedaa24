using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class LoopbackServerTests
{
    [Fact]
    public async Task Server_ListensOnLoopbackAndBehavesAsTheHandler()
    {
        var time = new FakeTimeProvider();
        await using var server = await WeChatEmulatorServer.StartAsync(new WeChatEmulatorOptions { TimeProvider = time });
        using var harness = new EmulatorHarness(client: server.CreateClient());

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);

        var token = (await harness.PostAsync("/cgi-bin/stable_token", EmulatorHarness.Json("""{"grant_type":"client_credential","appid":"wx0000000000emulator","secret":"emulator-app-secret-0000000000000"}""")))
            .GetProperty("access_token").GetString()!;
        var escaped = await harness.CheckTextAsync(JsonSerializer.Serialize(new { content = WeChatEmulatorOptions.OfficialRiskyText1 }), token);
        var v2 = await harness.CheckTextAsync($$"""{"content":"x","version":2,"scene":7,"openid":"{{EmulatorHarness.OpenId}}"}""", token);
        var quoted = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.RiskyTestImage, quoteBoundary: true), token);
        var image = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.RiskyTestImage, fileName: "x.png"), token);
        var get = await harness.GetJsonAsync($"/WXA/MSG_SEC_CHECK?access_token={token}");
        time.Advance(TimeSpan.FromHours(2));
        var expired = await harness.CheckTextAsync("""{"content":"x"}""", token);

        Assert.Equal((0, 40129, 41005, 87014, 43002, 42001), (escaped.ErrCode(), v2.ErrCode(), quoted.ErrCode(), image.ErrCode(), get.ErrCode(), expired.ErrCode()));
        Assert.Equal(4, server.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck));
        var log = server.Emulator.Requests;
        Assert.True(log[1].HasUnicodeEscapes);
        Assert.Equal("x.png", log[4].PartFileName);
        Assert.Equal("image/png", log[4].PartContentType);
    }

    [Fact]
    public async Task ConnectionReset_AbortsTheConnection()
    {
        await using var server = await WeChatEmulatorServer.StartAsync();
        using var client = server.CreateClient();
        server.Emulator.FailNext(WeChatEmulatorFault.ConnectionReset);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(
            new Uri($"/wxa/msg_sec_check?access_token={server.Emulator.IssueAccessToken()}", UriKind.Relative),
            EmulatorHarness.Json("""{"content":"x"}""")));
        using var next = await client.PostAsync(
            new Uri($"/wxa/msg_sec_check?access_token={server.Emulator.IssueAccessToken()}", UriKind.Relative),
            EmulatorHarness.Json("""{"content":"x"}"""));

        Assert.True(next.IsSuccessStatusCode);
    }

    [Fact]
    public async Task ServerOverAnExistingEmulator_LeavesItUsable()
    {
        using var emulator = new WeChatEmulator();
        await using (var server = await WeChatEmulatorServer.StartAsync(emulator))
        {
            using var client = server.CreateClient();
            using var response = await client.GetAsync(new Uri("/cgi-bin/token", UriKind.Relative));
        }

        Assert.Equal(1, emulator.GetCallCount(WeChatEmulatorEndpoint.Token));
        Assert.NotEmpty(emulator.IssueAccessToken());
    }
}
