using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class PushToTestServerTests
{
    [Fact]
    public async Task SafeModePush_ReachesAnAppThatVerifiesAndDecryptsIt()
    {
        const string Token = "app-push-token";
        const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapPost("/wechat/push", async (HttpContext context) =>
        {
            var query = context.Request.Query;
            var xml = System.Xml.Linq.XElement.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
            var encrypt = (string)xml.Element("Encrypt")!;
            var expected = WeChatPushSignature.ComputeMessageSignature(Token, query["timestamp"]!, query["nonce"]!, encrypt);
            if (!WeChatPushSignature.Matches(expected, query["msg_signature"]))
            {
                return Results.Unauthorized();
            }

            received.SetResult(new WeChatPushCipher(Key, "wx0000000000emulator").Decrypt(encrypt));
            return Results.Text("success");
        });
        await app.StartAsync();

        using var harness = new EmulatorHarness(o =>
        {
            o.PushUrl = new Uri("http://localhost/wechat/push");
            o.PushHandler = app.GetTestServer().CreateHandler();
            o.PushMode = WeChatPushMode.Safe;
            o.PushToken = Token;
            o.EncodingAesKey = Key;
        });
        harness.Emulator.RegisterMedia(new Uri("https://cdn.example.com/a.png"), WeChatEmulator.RiskyTestImage);

        var answer = await harness.CheckMediaAsync("""{"media_url":"https://cdn.example.com/a.png","media_type":2}""");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var push = await harness.Emulator.WaitForPushAsync(answer.GetProperty("trace_id").GetString()!);

        Assert.True(push.Delivered, push.Error);
        Assert.Equal(200, push.StatusCode);
        Assert.Contains("<isrisky>1</isrisky>", await received.Task, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app-push-token", true)]
    [InlineData("someone-elses-token", false)]
    public async Task UrlCheck_PassesOnlyWhenTheAppVerifiesTheSignatureAndEchoes(string emulatorToken, bool expected)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        app.MapGet("/wechat/push", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var signature = WeChatPushSignature.Compute("app-push-token", query["timestamp"]!, query["nonce"]!);
            return WeChatPushSignature.Matches(signature, query["signature"]) ? Results.Text(query["echostr"]) : Results.Unauthorized();
        });
        await app.StartAsync();
        using var harness = new EmulatorHarness(o =>
        {
            o.PushUrl = new Uri("http://localhost/wechat/push");
            o.PushHandler = app.GetTestServer().CreateHandler();
            o.PushToken = emulatorToken;
        });

        Assert.Equal(expected, await harness.Emulator.VerifyPushUrlAsync());
    }
}
