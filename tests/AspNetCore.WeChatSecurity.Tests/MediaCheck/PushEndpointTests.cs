using System.Net;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class PushEndpointTests : IAsyncLifetime
{
    private const string PushToken = "pushtoken123";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx1234567890";

    private readonly RecordingHandler _handler = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1700000000));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddWeChatContentSecurity(o =>
        {
            o.AppId = AppId;
            o.AppSecret = "secret";
            o.MediaCheck.PushToken = PushToken;
            o.MediaCheck.PushEncodingAesKey = AesKey;
            o.MediaCheck.PushMode = WeChatPushMode.Compatible;
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(_handler);
        _app = builder.Build();
        _app.MapWeChatMediaCheckPush("/wechat/push");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task UrlCheck_WithValidSignature_EchoesEchostr()
    {
        var response = await _client.GetAsync(Signed("/wechat/push", "echostr=hello-echo"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello-echo", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadSignature_Is401_AndNoHandlerRuns()
    {
        var response = await _client.PostAsync("/wechat/push?signature=deadbeef&timestamp=1&nonce=2", Xml(V1Push("t-1", 1)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(PushToken, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task PlaintextXmlV1_RiskyPush_ReachesTheHandler()
    {
        var response = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-v1", 1)));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var result = Assert.Single(_handler.Results);
        Assert.Equal("trace-v1", result.TraceId);
        Assert.Equal(1, result.Version);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
        Assert.Equal(AppId, result.AppId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1552465698), result.CreatedAt);
    }

    [Fact]
    public async Task PlaintextJsonV2_ReadsResultAndLabel()
    {
        var json = """{"ToUserName":"gh_1","FromUserName":"o","CreateTime":1552465698,"MsgType":"event","Event":"wxa_media_check","appid":"wx1234567890","trace_id":"trace-v2","version":2,"errcode":0,"errmsg":"ok","result":{"suggest":"risky","label":20002},"detail":[{"strategy":"content_model","errcode":0,"suggest":"risky","label":20002,"prob":90}]}""";

        await _client.PostAsync(Signed("/wechat/push"), new StringContent(json, Encoding.UTF8, "application/json"));

        var result = Assert.Single(_handler.Results);
        Assert.Equal(2, result.Version);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
        Assert.Equal(20002, result.Label);
    }

    [Fact]
    public async Task V1_StatusCode4294966288_IsCouldNotDownload_NeverPass()
    {
        await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-dl", 0, statusCode: "4294966288")));

        var result = Assert.Single(_handler.Results);
        Assert.Equal(WeChatMediaCheckOutcome.DownloadFailed, result.Outcome);
        Assert.Equal(-1008, result.ErrorCode);
    }

    [Fact]
    public async Task SafeMode_EncryptedPush_IsVerifiedAndDecrypted()
    {
        var encrypted = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push("trace-safe", 0));
        var msgSignature = WeChatPushSignature.ComputeMessageSignature(PushToken, "1700000000", "nonce1", encrypted);

        var response = await _client.PostAsync(
            Signed("/wechat/push", $"encrypt_type=aes&msg_signature={msgSignature}"),
            Xml($"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        var result = Assert.Single(_handler.Results);
        Assert.Equal("trace-safe", result.TraceId);
        Assert.Equal(WeChatMediaCheckOutcome.Pass, result.Outcome);
    }

    [Fact]
    public async Task SafeMode_WrongMsgSignature_Is400()
    {
        var encrypted = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push("trace-x", 0));

        var response = await _client.PostAsync(
            Signed("/wechat/push", "encrypt_type=aes&msg_signature=0000"),
            Xml($"<xml><Encrypt>{encrypted}</Encrypt></xml>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task ABodyThatFailsItsMsgSignature_IsNotRemembered_SoWeChatsOwnPushWithTheSignedQueryIsDelivered()
    {
        var encrypted = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push("trace-genuine", 1));
        var msgSignature = WeChatPushSignature.ComputeMessageSignature(PushToken, "1700000000", "nonce1", encrypted);
        var signedQuery = Signed("/wechat/push", $"encrypt_type=aes&msg_signature={msgSignature}");
        var tampered = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push("trace-genuine", 0));

        var ahead = await _client.PostAsync(signedQuery, Xml($"<xml><Encrypt><![CDATA[{tampered}]]></Encrypt></xml>"));
        var genuine = await _client.PostAsync(signedQuery, Xml($"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"));

        Assert.Equal(HttpStatusCode.BadRequest, ahead.StatusCode);
        Assert.Equal("success", await genuine.Content.ReadAsStringAsync());
        Assert.Equal(WeChatMediaCheckOutcome.Risky, Assert.Single(_handler.Results).Outcome);
    }

    [Fact]
    public async Task SafeMode_ForAnotherAppId_Is400()
    {
        var encrypted = new WeChatPushCipher(AesKey, "wxSOMEONEELSE").Encrypt(V1Push("trace-x", 0));
        var msgSignature = WeChatPushSignature.ComputeMessageSignature(PushToken, "1700000000", "nonce1", encrypted);

        var response = await _client.PostAsync(Signed("/wechat/push", $"encrypt_type=aes&msg_signature={msgSignature}"), Xml($"<xml><Encrypt>{encrypted}</Encrypt></xml>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(AesKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task XmlWithADtd_IsRefused()
    {
        var body = """<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Event>wxa_media_check</Event><trace_id>&e;</trace_id></xml>""";

        var response = await _client.PostAsync(Signed("/wechat/push"), Xml(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_handler.Results);
    }

    // System.Text.Json parses an escaped lone surrogate and throws only when the string is read: a 500, which WeChat
    // would answer by sending the same unreadable push again.
    [Theory]
    [InlineData("""{"Event":"wxa_media_check","trace_id":"\ud800","isrisky":0}""")]
    [InlineData("""{"Event":"wxa_media_check","trace_id":"t-lone","isrisky":0,"\udc00":"x"}""")]
    public async Task JsonWithALoneSurrogate_Is400Unreadable(string json)
    {
        var response = await _client.PostAsync(Signed("/wechat/push"), new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"title\":\"Unreadable push\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var response = await _client.PostAsync(Signed("/wechat/push"), Xml("<xml>" + new string('a', WeChatPushEndpoint.MaxBodyBytes) + "</xml>"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task OtherEvents_AreAcknowledged_AndIgnored()
    {
        var response = await _client.PostAsync(Signed("/wechat/push"), Xml("<xml><MsgType>event</MsgType><Event>subscribe</Event></xml>"));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task FailingHandler_Is500_SoWeChatDeliversAgain()
    {
        _handler.Fail = true;

        var response = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-fail", 0)));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("InvalidOperationException", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedPush_ReachesTheHandlerOnce()
    {
        for (var i = 0; i < 4; i++)
        {
            var response = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-again", 1)));
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        var result = Assert.Single(_handler.Results);
        Assert.Null(result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);
    }

    [Fact]
    public async Task FailingHandler_IsDeliveredOnTheRetry_Once()
    {
        _handler.Fail = true;
        var first = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-retry", 0)));
        _handler.Fail = false;
        var second = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-retry", 0)));
        var third = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-retry", 0)));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("trace-retry", Assert.Single(_handler.Results).TraceId);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task TimestampOutsideTheWindow_Is401(int offsetSeconds)
    {
        var response = await _client.PostAsync(Signed("/wechat/push", timestamp: (1700000000 + offsetSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)), Xml(V1Push("trace-old", 0)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task TimestampInsideTheWindow_IsAccepted()
    {
        _time.Advance(TimeSpan.FromMinutes(4));

        var response = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-late", 0)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_handler.Results);
    }

    [Fact]
    public async Task SignedQueryReusedWithAnotherBody_Is401_AndTheForgeryIsNotDelivered()
    {
        var genuine = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-genuine", 1)));
        var forged = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-forged", 0)));

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("trace-genuine", Assert.Single(_handler.Results).TraceId);
    }

    // The signature binds the timestamp and nonce alone: neither its hex case nor a msg_signature on a plaintext push
    // (which nothing checks) may make a signed query seen before carry another body.
    [Theory]
    [InlineData("&msg_signature=0000")]
    [InlineData("upper-case signature")]
    public async Task SignedQueryReusedWithAnotherBody_UnderAnotherSpelling_Is401_AndTheForgeryIsNotDelivered(string spelling)
    {
        var genuine = await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-genuine", 1)));
        var signature = WeChatPushSignature.Compute(PushToken, "1700000000", "nonce1");
        var respelled = spelling.StartsWith('&')
            ? Signed("/wechat/push") + spelling
            : $"/wechat/push?signature={signature.ToUpperInvariant()}&timestamp=1700000000&nonce=nonce1";
        var forged = await _client.PostAsync(respelled, Xml(V1Push("trace-forged", 0)));

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("trace-genuine", Assert.Single(_handler.Results).TraceId);
    }

    // Two encrypted pushes whose random nonces collide in the same second are told apart by their msg_signatures.
    [Fact]
    public async Task EncryptedPushesWithTheSameTimestampAndNonce_AreBothDelivered()
    {
        foreach (var traceId in new[] { "trace-first", "trace-second" })
        {
            var encrypted = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push(traceId, 0));
            var msgSignature = WeChatPushSignature.ComputeMessageSignature(PushToken, "1700000000", "nonce1", encrypted);
            var response = await _client.PostAsync(Signed("/wechat/push", $"encrypt_type=aes&msg_signature={msgSignature}"), Xml($"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(["trace-first", "trace-second"], _handler.Results.Select(result => result.TraceId));
    }

    /// <summary>A v1 push passes only on an explicit isrisky 0 with status 0: anything malformed is held for review.</summary>
    [Theory]
    [InlineData("0", "0", WeChatMediaCheckOutcome.Pass)]
    [InlineData("1", "0", WeChatMediaCheckOutcome.Risky)]
    [InlineData("", "0", WeChatMediaCheckOutcome.Review)]
    [InlineData("2", "0", WeChatMediaCheckOutcome.Review)]
    [InlineData("yes", "0", WeChatMediaCheckOutcome.Review)]
    [InlineData("0", "4294967296", WeChatMediaCheckOutcome.Review)]
    [InlineData("0", "ok", WeChatMediaCheckOutcome.Review)]
    public async Task V1_MalformedRiskOrStatus_IsNeverAPass(string isRisky, string statusCode, WeChatMediaCheckOutcome expected)
    {
        var push = V1Push("trace-malformed", 0, statusCode).Replace("<isrisky>0</isrisky>", $"<isrisky>{isRisky}</isrisky>", StringComparison.Ordinal);

        await _client.PostAsync(Signed("/wechat/push"), Xml(push));

        Assert.Equal(expected, Assert.Single(_handler.Results).Outcome);
    }

    [Theory]
    [InlineData("0", WeChatMediaCheckOutcome.Pass, true)]
    [InlineData("4294967295", WeChatMediaCheckOutcome.Review, false)]
    public async Task OnlyAPushWithoutAnErrorCode_IsCachedAsTheVerdictOnTheBytes(string statusCode, WeChatMediaCheckOutcome expected, bool cached)
    {
        var key = _app.Services.GetRequiredService<VerdictKeyFactory>().ForMedia("an uploaded image"u8, WeChatMediaType.Image);
        var now = _time.GetUtcNow();
        await _app.Services.GetRequiredService<IWeChatMediaCheckStore>().TryAddAsync(
            new WeChatMediaCheckRecord
            {
                Id = "check-1",
                TraceId = "trace-kept",
                CorrelationIds = ["post-1"],
                MediaType = WeChatMediaType.Image,
                MediaKey = MediaKeys.From(key),
                SubmittedAt = now,
                Deadline = now,
                DueAt = now,
            },
            CancellationToken.None);

        await _client.PostAsync(Signed("/wechat/push"), Xml(V1Push("trace-kept", 0, statusCode)));

        Assert.Equal(expected, Assert.Single(_handler.Results).Outcome);
        Assert.Equal(cached, await _app.Services.GetRequiredService<VerdictCache>().TryGetAsync(key) is not null);
    }

    private static string V1Push(string traceId, int isRisky, string statusCode = "0") =>
        $"<xml><ToUserName><![CDATA[gh_38cc49f9733b]]></ToUserName><FromUserName><![CDATA[oH1fu0FdHqpToe2T6gBj0WyB8iS1]]></FromUserName><CreateTime>1552465698</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_media_check]]></Event><isrisky>{isRisky}</isrisky><extra_info_json><![CDATA[]]></extra_info_json><appid><![CDATA[{AppId}]]></appid><trace_id><![CDATA[{traceId}]]></trace_id><status_code>{statusCode}</status_code></xml>";

    // The push endpoint reads the options through the monitor, like the rest of the library: a rotated Token applies at once,
    // and a Token removed by a reload accepts nothing (a signature over an empty Token is one anybody can compute).
    [Fact]
    public async Task PushToken_Reloaded_IsTheOneSignaturesAreCheckedWith()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:MediaCheck:PushToken"] = "oldtoken123" })
            .Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddWeChatContentSecurity(o =>
        {
            o.AppId = AppId;
            o.AppSecret = "secret";
        });
        builder.Services.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity"));
        await using var app = builder.Build();
        app.MapWeChatMediaCheckPush("/wechat/push");
        await app.StartAsync();
        using var client = app.GetTestClient();
        static string SignedWith(string token) =>
            $"/wechat/push?signature={WeChatPushSignature.Compute(token, "1700000000", "n1")}&timestamp=1700000000&nonce=n1&echostr=e";

        using var oldBefore = await client.GetAsync(SignedWith("oldtoken123"));
        configuration["WeChatSecurity:MediaCheck:PushToken"] = "newtoken456";
        configuration.Reload();
        using var oldAfter = await client.GetAsync(SignedWith("oldtoken123"));
        using var newAfter = await client.GetAsync(SignedWith("newtoken456"));
        configuration["WeChatSecurity:MediaCheck:PushToken"] = null;
        configuration.Reload();
        using var emptyAfter = await client.GetAsync(SignedWith(string.Empty));

        Assert.Equal(HttpStatusCode.OK, oldBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, emptyAfter.StatusCode);
    }

    // The AppId is read once, as the token provider reads it: the pushes that come are for the app whose token
    // submitted the checks, whatever a reload says (the AppId needs a restart).
    [Fact]
    public async Task AppId_Reloaded_EncryptedPushesForTheAppStartedAsAreStillDecrypted()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:AppId"] = AppId })
            .Build();
        var handler = new RecordingHandler();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddWeChatContentSecurity(o =>
        {
            o.AppSecret = "secret";
            o.MediaCheck.PushToken = PushToken;
            o.MediaCheck.PushEncodingAesKey = AesKey;
            o.MediaCheck.PushMode = WeChatPushMode.Safe;
        });
        builder.Services.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity"));
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(handler);
        await using var app = builder.Build();
        app.MapWeChatMediaCheckPush("/wechat/push");
        await app.StartAsync();
        using var client = app.GetTestClient();
        var encrypted = new WeChatPushCipher(AesKey, AppId).Encrypt(V1Push("trace-after-reload", 0));
        var msgSignature = WeChatPushSignature.ComputeMessageSignature(PushToken, "1700000000", "nonce1", encrypted);

        configuration["WeChatSecurity:AppId"] = "wxSOMEONEELSE";
        configuration.Reload();
        using var response = await client.PostAsync(
            Signed("/wechat/push", $"encrypt_type=aes&msg_signature={msgSignature}"),
            Xml($"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal("trace-after-reload", Assert.Single(handler.Results).TraceId);
    }

    private static string Signed(string path, string extra = "", string timestamp = "1700000000")
    {
        const string nonce = "nonce1";
        var signature = WeChatPushSignature.Compute(PushToken, timestamp, nonce);
        return $"{path}?signature={signature}&timestamp={timestamp}&nonce={nonce}" + (extra.Length > 0 ? "&" + extra : string.Empty);
    }

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "text/xml");

    private sealed class RecordingHandler : IWeChatMediaCheckResultHandler
    {
        public List<WeChatMediaCheckResult> Results { get; } = [];

        public bool Fail { get; set; }

        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new InvalidOperationException("storage down");
            }

            Results.Add(result);
            return Task.CompletedTask;
        }
    }
}
