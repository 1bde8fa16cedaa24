using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class MediaCheckAsyncTests : IDisposable
{
    private static readonly Uri RiskyUrl = new("https://cdn.example.com/risky.png");
    private static readonly Uri SafeUrl = new("https://cdn.example.com/safe.png");
    private readonly RecordingHandler _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Submission_AnswersTraceIdAndPushesOnlyAfterTheDelay()
    {
        using var harness = Harness();

        var answer = await harness.CheckMediaAsync($$"""{"media_url":"{{SafeUrl}}","media_type":2}""");

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("ok", answer.GetProperty("errmsg").GetString());
        var traceId = answer.GetProperty("trace_id").GetString()!;
        Assert.Equal(1, harness.Emulator.PendingMediaChecks);
        harness.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(_app.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(0.1));
        var push = await harness.Emulator.WaitForPushAsync(traceId);

        Assert.True(push.Delivered);
        Assert.Equal(0, harness.Emulator.PendingMediaChecks);
        Assert.Single(_app.Requests);
    }

    [Fact]
    public async Task V1PlaintextXmlPush_IsSignedAndCarriesTheV1Fields()
    {
        using var harness = Harness();

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{RiskyUrl}}","media_type":2}""");

        var (method, uri, contentType, body) = Assert.Single(_app.Requests);
        Assert.Equal(HttpMethod.Post, method);
        Assert.Equal("text/xml", contentType);
        var query = QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal(WeChatPushSignature.Compute("WeChatEmulatorPushToken", query["timestamp"]!, query["nonce"]!), query["signature"].ToString());
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query["timestamp"].ToString());
        Assert.False(query.ContainsKey("msg_signature"));
        var xml = XElement.Parse(body);
        Assert.Equal("gh_0000emulator", (string?)xml.Element("ToUserName"));
        Assert.Equal("event", (string?)xml.Element("MsgType"));
        Assert.Equal("wxa_media_check", (string?)xml.Element("Event"));
        Assert.Equal("wx0000000000emulator", (string?)xml.Element("appid"));
        Assert.Equal(push.TraceId, (string?)xml.Element("trace_id"));
        Assert.Equal("1", (string?)xml.Element("isrisky"));
        Assert.Equal("0", (string?)xml.Element("status_code"));
        Assert.NotNull(xml.Element("extra_info_json"));
        Assert.Null(xml.Element("version"));
        Assert.Contains("<![CDATA[wxa_media_check]]>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1UnreachableMedia_ReportsStatusCode4294966288()
    {
        using var harness = Harness();

        var push = await SubmitAndPushAsync(harness, """{"media_url":"https://nowhere.example.com/x.png","media_type":2}""");

        Assert.False(push.MediaFetched);
        var xml = XElement.Parse(push.Body);
        Assert.Equal("4294966288", (string?)xml.Element("status_code"));
        Assert.Equal("0", (string?)xml.Element("isrisky"));
    }

    [Fact]
    public async Task V2JsonPush_CarriesResultAndDetail()
    {
        using var harness = Harness(o => o.PushFormat = WeChatEmulatorPushFormat.Json);

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{RiskyUrl}}","media_type":2,"version":2,"scene":1,"openid":"{{EmulatorHarness.OpenId}}"}""");

        var (_, _, contentType, body) = Assert.Single(_app.Requests);
        Assert.Equal("application/json", contentType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(2, json.GetProperty("version").GetInt32());
        Assert.Equal(0, json.GetProperty("errcode").GetInt32());
        Assert.Equal("risky", json.GetProperty("result").GetProperty("suggest").GetString());
        Assert.Equal(20002, json.GetProperty("result").GetProperty("label").GetInt32());
        Assert.Equal("risky", json.GetProperty("detail")[0].GetProperty("suggest").GetString());
        Assert.Equal(EmulatorHarness.OpenId, json.GetProperty("FromUserName").GetString());
        Assert.Equal(push.TraceId, json.GetProperty("trace_id").GetString());
        Assert.False(json.TryGetProperty("isrisky", out _));
    }

    [Fact]
    public async Task V2UnreachableMedia_ReportsErrcodeMinus1008WithoutResult()
    {
        using var harness = Harness(o => o.PushFormat = WeChatEmulatorPushFormat.Json);

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"https://nowhere.example.com/a.mp3","media_type":1,"version":2,"scene":2,"openid":"{{EmulatorHarness.OpenId}}"}""");

        var json = JsonDocument.Parse(push.Body).RootElement;
        Assert.Equal(-1008, json.GetProperty("errcode").GetInt32());
        Assert.False(json.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task V2XmlPush_NestsResultAndRepeatsDetail()
    {
        using var harness = Harness();

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{SafeUrl}}","media_type":2,"version":2,"scene":2,"openid":"{{EmulatorHarness.OpenId}}"}""");

        var xml = XElement.Parse(push.Body);
        Assert.Equal("pass", (string?)xml.Element("result")!.Element("suggest"));
        Assert.Equal("100", (string?)xml.Element("result")!.Element("label"));
        Assert.Equal("content_model", (string?)xml.Element("detail")!.Element("strategy"));
    }

    [Fact]
    public async Task SafeMode_SendsOnlyCiphertextSignedWithMsgSignature()
    {
        using var harness = Harness(o => o.PushMode = WeChatPushMode.Safe);

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{RiskyUrl}}","media_type":2}""");

        var (_, uri, _, body) = Assert.Single(_app.Requests);
        var query = QueryHelpers.ParseQuery(uri.Query);
        var xml = XElement.Parse(body);
        Assert.Equal(["ToUserName", "Encrypt"], xml.Elements().Select(e => e.Name.LocalName));
        var encrypt = (string)xml.Element("Encrypt")!;
        Assert.Equal("aes", query["encrypt_type"].ToString());
        Assert.True(WeChatPushSignature.Matches(
            WeChatPushSignature.ComputeMessageSignature("WeChatEmulatorPushToken", query["timestamp"]!, query["nonce"]!, encrypt),
            query["msg_signature"]));
        Assert.True(WeChatPushSignature.Matches(WeChatPushSignature.Compute("WeChatEmulatorPushToken", query["timestamp"]!, query["nonce"]!), query["signature"]));
        var plain = new WeChatPushCipher("WeChatEmulatorEncodingAesKey000000000000000", "wx0000000000emulator").Decrypt(encrypt);
        Assert.Equal(push.Message, plain);
        Assert.Equal("1", (string?)XElement.Parse(plain).Element("isrisky"));
    }

    [Fact]
    public async Task CompatibleModeJson_SendsClearFieldsAndCiphertext()
    {
        const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        using var harness = Harness(o =>
        {
            o.PushMode = WeChatPushMode.Compatible;
            o.PushFormat = WeChatEmulatorPushFormat.Json;
            o.EncodingAesKey = Key;
            o.PushToken = "my-token";
        });

        await SubmitAndPushAsync(harness, $$"""{"media_url":"{{SafeUrl}}","media_type":2}""");

        var (_, uri, _, body) = Assert.Single(_app.Requests);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(0, json.GetProperty("isrisky").GetInt32());
        var encrypt = json.GetProperty("Encrypt").GetString()!;
        var query = QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal(WeChatPushSignature.ComputeMessageSignature("my-token", query["timestamp"]!, query["nonce"]!, encrypt), query["msg_signature"].ToString());
        var inner = JsonDocument.Parse(new WeChatPushCipher(Key, "wx0000000000emulator").Decrypt(encrypt)).RootElement;
        Assert.Equal(json.GetProperty("trace_id").GetString(), inner.GetProperty("trace_id").GetString());
        Assert.False(inner.TryGetProperty("Encrypt", out _));
    }

    [Fact]
    public async Task FailedPush_IsRetriedUpToThreeTimes()
    {
        using var harness = Harness();
        _app.AnswerNext(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway);

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{SafeUrl}}","media_type":2}""");

        Assert.True(push.Delivered);
        Assert.Equal(3, push.Attempts);
        Assert.Equal(200, push.StatusCode);
    }

    [Fact]
    public async Task PushThatKeepsFailing_IsRecordedUndelivered()
    {
        using var harness = Harness();
        _app.AnswerNext(Enumerable.Repeat(HttpStatusCode.InternalServerError, 4).ToArray());

        var push = await SubmitAndPushAsync(harness, $$"""{"media_url":"{{SafeUrl}}","media_type":2}""");

        Assert.False(push.Delivered);
        Assert.Equal(4, push.Attempts);
        Assert.Equal(500, push.StatusCode);
        Assert.Same(push, Assert.Single(harness.Emulator.Pushes));
    }

    [Fact]
    public async Task NoPushUrl_RecordsTheVerdictWithoutSending()
    {
        using var harness = new EmulatorHarness(o => o.PushHandler = _app);

        var answer = await harness.CheckMediaAsync("""{"media_url":"https://x.example.com/a.png","media_type":2}""");
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var push = await harness.Emulator.WaitForPushAsync(answer.GetProperty("trace_id").GetString()!);

        Assert.False(push.Delivered);
        Assert.Null(push.RequestUri);
        Assert.Empty(_app.Requests);
    }

    [Fact]
    public async Task MediaHandler_ServesUnregisteredUrls()
    {
        using var media = new RecordingHandler { ResponseBody = WeChatEmulator.RiskyTestImage.ToArray() };
        using var harness = Harness(o => o.MediaHandler = media);

        var push = await SubmitAndPushAsync(harness, """{"media_url":"http://127.0.0.1:9/uploads/1.png","media_type":2}""");

        Assert.True(push.MediaFetched);
        Assert.Equal("risky", push.Suggest);
        Assert.Equal(new Uri("http://127.0.0.1:9/uploads/1.png"), Assert.Single(media.Requests).Uri);
    }

    [Fact]
    public async Task MediaHostAnswering404_IsUnreachable()
    {
        using var media = new RecordingHandler();
        media.AnswerNext(HttpStatusCode.NotFound);
        using var harness = Harness(o => o.MediaHandler = media);

        var push = await SubmitAndPushAsync(harness, """{"media_url":"http://127.0.0.1:9/gone.png","media_type":2}""");

        Assert.False(push.MediaFetched);
    }

    [Theory]
    [InlineData("""{"media_url":"https://x.example.com/a.png","media_type":3}""", 40004)]
    [InlineData("""{"media_url":"https://x.example.com/a.png"}""", 40004)]
    [InlineData("""{"media_url":"not a url","media_type":2}""", 47001)]
    [InlineData("""{"media_url":"ftp://x.example.com/a.png","media_type":2}""", 47001)]
    [InlineData("""{"media_type":2}""", 47001)]
    [InlineData("""{"media_url":"https://x.example.com/a.png","media_type":2,"version":2,"scene":2}""", 40003)]
    [InlineData("""{"media_url":"https://x.example.com/a.png","media_type":2,"version":2,"scene":9,"openid":"oH1fu0FdHqpToe2T6gBj0WyB8iS1"}""", 40129)]
    public async Task InvalidSubmission_IsRefusedAndNothingIsPushed(string body, int errcode)
    {
        using var harness = Harness();

        Assert.Equal(errcode, (await harness.CheckMediaAsync(body)).ErrCode());
        Assert.Equal(0, harness.Emulator.PendingMediaChecks);
    }

    [Fact]
    public async Task Reset_CancelsPendingPushes()
    {
        using var harness = Harness();
        var traceId = (await harness.CheckMediaAsync($$"""{"media_url":"{{SafeUrl}}","media_type":2}""")).GetProperty("trace_id").GetString()!;
        var waiting = harness.Emulator.WaitForPushAsync(traceId);

        harness.Emulator.Reset();
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Empty(_app.Requests);
    }

    [Fact]
    public async Task WaitingForAnUnknownTraceId_Throws()
    {
        using var harness = Harness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Emulator.WaitForPushAsync("00000000-00000000-00000000"));
    }

    private EmulatorHarness Harness(Action<WeChatEmulatorOptions>? configure = null)
    {
        var harness = new EmulatorHarness(o =>
        {
            o.PushUrl = new Uri("https://app.example.com/wechat/push");
            o.PushHandler = _app;
            configure?.Invoke(o);
        });
        harness.Emulator.RegisterMedia(RiskyUrl, WeChatEmulator.RiskyTestImage);
        harness.Emulator.RegisterMedia(SafeUrl, WeChatEmulator.SafeTestImage);
        return harness;
    }

    private static async Task<WeChatEmulatorPush> SubmitAndPushAsync(EmulatorHarness harness, string body)
    {
        var answer = await harness.CheckMediaAsync(body);
        Assert.Equal(0, answer.ErrCode());
        harness.Time.Advance(harness.Emulator.Options.MediaCheckDelay);
        return await harness.Emulator.WaitForPushAsync(answer.GetProperty("trace_id").GetString()!);
    }
}
