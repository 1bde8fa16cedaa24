using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class MsgSecCheckTests
{
    private const string OpenId = EmulatorHarness.OpenId;
    private static readonly JsonSerializerOptions RawUtf8 = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task V1Pass_IsErrcode0Ok()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckTextAsync("""{"content":"今天天气不错"}""");

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("ok", answer.GetProperty("errmsg").GetString());
    }

    [Theory]
    [InlineData(WeChatEmulatorOptions.OfficialRiskyText1)]
    [InlineData(WeChatEmulatorOptions.OfficialRiskyText2)]
    [InlineData("前缀 " + WeChatEmulatorOptions.OfficialRiskyText1 + " 后缀")]
    public async Task V1OfficialTestStrings_AreRisky87014(string text)
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckTextAsync(JsonSerializer.Serialize(new { content = text }, RawUtf8));

        Assert.Equal(87014, answer.ErrCode());
        Assert.Equal("risky content", answer.GetProperty("errmsg").GetString());
    }

    [Fact]
    public async Task V1PartOfAPhrase_Passes()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckTextAsync(JsonSerializer.Serialize(new { content = WeChatEmulatorOptions.OfficialRiskyText1[..10] }, RawUtf8));

        Assert.Equal(0, answer.ErrCode());
    }

    [Fact]
    public async Task V1Over500KB_Is47001_AtTheLimitPasses()
    {
        using var harness = new EmulatorHarness();

        var atLimit = await harness.CheckTextAsync($$"""{"content":"{{new string('a', 500 * 1024)}}"}""");
        var over = await harness.CheckTextAsync($$"""{"content":"{{new string('a', 500 * 1024 + 1)}}"}""");

        Assert.Equal(0, atLimit.ErrCode());
        Assert.Equal(47001, over.ErrCode());
    }

    [Fact]
    public async Task V2Pass_HasResultDetailAndTraceId()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckTextAsync($$"""{"content":"hello","version":2,"scene":2,"openid":"{{OpenId}}"}""");

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("ok", answer.GetProperty("errmsg").GetString());
        Assert.Equal("pass", answer.GetProperty("result").GetProperty("suggest").GetString());
        Assert.Equal(100, answer.GetProperty("result").GetProperty("label").GetInt32());
        var detail = Assert.Single(answer.GetProperty("detail").EnumerateArray());
        Assert.Equal("content_model", detail.GetProperty("strategy").GetString());
        Assert.Equal(0, detail.GetProperty("errcode").GetInt32());
        Assert.Equal(90, detail.GetProperty("prob").GetInt32());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", answer.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task V2Risky_IsErrcode0WithRiskyLabelAndKeyword()
    {
        using var harness = new EmulatorHarness();
        var body = JsonSerializer.Serialize(new { content = WeChatEmulatorOptions.OfficialRiskyText2, version = 2, scene = 3, openid = OpenId }, RawUtf8);

        var answer = await harness.CheckTextAsync(body);

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("risky", answer.GetProperty("result").GetProperty("suggest").GetString());
        Assert.Equal(20001, answer.GetProperty("result").GetProperty("label").GetInt32());
        var keyword = answer.GetProperty("detail").EnumerateArray().Single(d => d.GetProperty("strategy").GetString() == "keyword");
        Assert.Equal(WeChatEmulatorOptions.OfficialRiskyText2, keyword.GetProperty("keyword").GetString());
        Assert.Equal("risky", keyword.GetProperty("suggest").GetString());
    }

    [Fact]
    public async Task ConfiguredPhrases_DecideRiskyAndReviewWithTheirLabels()
    {
        using var harness = new EmulatorHarness(o =>
        {
            o.RiskyTexts["buy now"] = 10001;
            o.ReviewTexts["maybe"] = 21000;
        });

        var risky = await harness.CheckTextAsync($$"""{"content":"please buy now","version":2,"scene":2,"openid":"{{OpenId}}"}""");
        var review = await harness.CheckTextAsync($$"""{"content":"well maybe","version":2,"scene":2,"openid":"{{OpenId}}"}""");
        var reviewV1 = await harness.CheckTextAsync("""{"content":"well maybe"}""");

        Assert.Equal(("risky", 10001), (risky.GetProperty("result").GetProperty("suggest").GetString(), risky.GetProperty("result").GetProperty("label").GetInt32()));
        Assert.Equal(("review", 21000), (review.GetProperty("result").GetProperty("suggest").GetString(), review.GetProperty("result").GetProperty("label").GetInt32()));
        Assert.Equal(0, reviewV1.ErrCode());
    }

    [Fact]
    public async Task V2Nickname_IsCheckedToo()
    {
        using var harness = new EmulatorHarness();
        var body = JsonSerializer.Serialize(new { content = "hi", version = 2, scene = 1, openid = OpenId, nickname = WeChatEmulatorOptions.OfficialRiskyText1 }, RawUtf8);

        var answer = await harness.CheckTextAsync(body);

        Assert.Equal("risky", answer.GetProperty("result").GetProperty("suggest").GetString());
    }

    [Theory]
    [InlineData("""{"content":"x","version":2,"scene":2}""", 40003)]
    [InlineData("""{"content":"x","version":2,"scene":2,"openid":""}""", 40003)]
    [InlineData("""{"content":"x","version":2,"scene":2,"openid":"not-an-openid"}""", 40003)]
    [InlineData("""{"content":"x","version":2,"openid":"oH1fu0FdHqpToe2T6gBj0WyB8iS1"}""", 40129)]
    [InlineData("""{"content":"x","version":2,"scene":0,"openid":"oH1fu0FdHqpToe2T6gBj0WyB8iS1"}""", 40129)]
    [InlineData("""{"content":"x","version":2,"scene":5,"openid":"oH1fu0FdHqpToe2T6gBj0WyB8iS1"}""", 40129)]
    [InlineData("""{"version":2,"scene":2,"openid":"oH1fu0FdHqpToe2T6gBj0WyB8iS1"}""", 47001)]
    [InlineData("""{"content":"x","version":"2"}""", 47001)]
    [InlineData("""not json""", 47001)]
    public async Task V2InvalidFields_AreRefused(string body, int errcode)
    {
        using var harness = new EmulatorHarness();

        Assert.Equal(errcode, (await harness.CheckTextAsync(body)).ErrCode());
    }

    [Fact]
    public async Task V2Over2500Characters_Is47001_2500ChineseCharactersPass()
    {
        using var harness = new EmulatorHarness();
        string Body(int length) => $$"""{"content":"{{new string('字', length)}}","version":2,"scene":2,"openid":"{{OpenId}}"}""";

        Assert.Equal(0, (await harness.CheckTextAsync(Body(2500))).ErrCode());
        Assert.Equal(47001, (await harness.CheckTextAsync(Body(2501))).ErrCode());
    }

    [Fact]
    public async Task EscapedRiskyText_PassesAsWeChatsOwnMiss_AndIsFlaggedInTheLog()
    {
        using var harness = new EmulatorHarness();

        var escaped = await harness.CheckTextAsync(JsonSerializer.Serialize(new { content = WeChatEmulatorOptions.OfficialRiskyText1 }));
        var raw = await harness.CheckTextAsync(JsonSerializer.Serialize(new { content = WeChatEmulatorOptions.OfficialRiskyText1 }, RawUtf8));
        await harness.CheckTextAsync("""{"content":"a backslash then u: \\u0041"}""");

        Assert.Equal(0, escaped.ErrCode());
        Assert.Equal(87014, raw.ErrCode());
        var log = harness.Emulator.Requests;
        Assert.True(log[0].HasUnicodeEscapes);
        Assert.False(log[1].HasUnicodeEscapes);
        Assert.False(log[2].HasUnicodeEscapes);
        Assert.Contains("特3456书", log[1].BodyText, StringComparison.Ordinal);
        Assert.Equal("application/json; charset=utf-8", log[1].ContentType);
    }

    [Fact]
    public async Task EscapedRiskyTextV2_PassesAsWeChatsOwnMiss_InEveryField()
    {
        using var harness = new EmulatorHarness();
        string Body(string field, JsonSerializerOptions? options) =>
            JsonSerializer.Serialize(new Dictionary<string, object> { ["content"] = "你好", ["version"] = 2, ["scene"] = 1, ["openid"] = OpenId, [field] = WeChatEmulatorOptions.OfficialRiskyText2 }, options);

        foreach (var field in new[] { "content", "title", "nickname", "signature" })
        {
            var escaped = await harness.CheckTextAsync(Body(field, null));
            var raw = await harness.CheckTextAsync(Body(field, RawUtf8));

            Assert.Equal("pass", escaped.GetProperty("result").GetProperty("suggest").GetString());
            Assert.Equal("risky", raw.GetProperty("result").GetProperty("suggest").GetString());
        }
    }

    [Fact]
    public async Task PathMatching_IsCaseInsensitive()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.PostAsync($"/WXA/Msg_Sec_Check?access_token={harness.Emulator.IssueAccessToken()}", EmulatorHarness.Json("""{"content":"x"}"""));

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal(WeChatEmulatorEndpoint.MsgSecCheck, harness.Emulator.Requests[0].Endpoint);
    }

    [Fact]
    public async Task Get_Is43002_EmptyBodyIs44002()
    {
        using var harness = new EmulatorHarness();
        var token = harness.Emulator.IssueAccessToken();

        var get = await harness.GetJsonAsync($"/wxa/msg_sec_check?access_token={token}");
        var empty = await harness.PostAsync($"/wxa/msg_sec_check?access_token={token}", new ByteArrayContent([]));

        Assert.Equal(43002, get.ErrCode());
        Assert.Equal(44002, empty.ErrCode());
    }

    [Fact]
    public async Task Answer_HasWeChatsContentType()
    {
        using var harness = new EmulatorHarness();

        using var response = await harness.Client.PostAsync(
            new Uri($"/wxa/msg_sec_check?access_token={harness.Emulator.IssueAccessToken()}", UriKind.Relative),
            new StringContent("""{"content":"x"}""", Encoding.UTF8, "application/json"));

        Assert.Equal("application/json; encoding=utf-8", response.Content.Headers.ContentType!.ToString());
    }
}
