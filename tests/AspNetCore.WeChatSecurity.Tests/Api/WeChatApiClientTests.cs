using System.Net;
using System.Text;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Resilience;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Api;

public sealed class WeChatApiClientTests
{
    private const string OfficialRiskyText = "特3456书yuuo莞6543李zxcz蒜7782法fgnv级";

    [Fact]
    public async Task ChineseText_IsSentAsRawUtf8_NotEscaped()
    {
        await using var harness = new ClientHarness();
        var text = OfficialRiskyText + " \"quoted\" \\ 😀 \n";

        await harness.Client.CheckTextAsync(new TextCheckRequest(text, 1), default);

        var request = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.MsgSecCheckPath);
        Assert.DoesNotContain("\\u", request.BodyText, StringComparison.Ordinal);
        Assert.Contains(OfficialRiskyText, request.BodyText, StringComparison.Ordinal);
        Assert.Contains("😀", request.BodyText, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(request.Body);
        Assert.Equal(text, json.RootElement.GetProperty("content").GetString());
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoneSurrogate_BecomesReplacementCharacter_SoTheBodyStaysValidUtf8()
    {
        await using var harness = new ClientHarness();

        await harness.Client.CheckTextAsync(new TextCheckRequest("a\uD800b", 1), default);

        var request = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.MsgSecCheckPath);
        Assert.DoesNotContain("\\u", request.BodyText, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(request.Body);
        Assert.Equal("a\uFFFDb", json.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task V2_SendsVersionSceneOpenIdAndOptionalFields()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""")
            : FakeWeChatHandler.Json("""{"errcode":0,"errMsg":"ok","result":{"suggest":"review","label":"20002"},"detail":[{"strategy":"content_model","errcode":0,"suggest":"review","label":20002,"prob":90.0}],"trace_id":"t-1"}"""));

        var result = await harness.Client.CheckTextAsync(new TextCheckRequest("你好", 2, WeChatScene.Profile, "openid-1", Nickname: "昵称", Signature: "签名"), default);

        Assert.Equal(WeChatSuggestion.Review, result.Suggestion);
        Assert.Equal(20002, result.Label);
        Assert.Equal("t-1", result.TraceId);
        var body = harness.Handler.Requests.Single(r => r.Path == WeChatApiNames.MsgSecCheckPath).BodyText;
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("scene").GetInt32());
        Assert.Equal("openid-1", json.RootElement.GetProperty("openid").GetString());
        Assert.Equal("昵称", json.RootElement.GetProperty("nickname").GetString());
        Assert.False(json.RootElement.TryGetProperty("title", out _));
    }

    [Theory]
    [InlineData("""{"errcode":87014,"errmsg":"risky content"}""", WeChatSuggestion.Risky, null)]
    [InlineData("""{"errcode":0,"result":{"suggest":"risky","label":20001}}""", WeChatSuggestion.Risky, 20001)]
    [InlineData("""{"errcode":0,"result":{"suggest":"pass","label":"100"}}""", WeChatSuggestion.Pass, 100)]
    [InlineData("""{"errcode":0,"result":{"suggest":"PASS","label":"not-a-number"},"detail":null}""", WeChatSuggestion.Pass, null)]
    [InlineData("""{"errcode":0,"result":{"suggest":"review","label":20002.0},"detail":[{"strategy":"content_model","prob":"90"}]}""", WeChatSuggestion.Review, 20002)]
    public async Task Responses_AreReadTolerantly(string json, WeChatSuggestion expected, int? label)
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : json));

        var result = await harness.Client.CheckTextAsync(new TextCheckRequest("x", 2, OpenId: "o"), default);

        Assert.Equal(expected, result.Suggestion);
        Assert.Equal(label, result.Label);
    }

    // An answer that is not a verdict is WeChat failing to answer: retried, then unavailable; never a pass.
    [Theory]
    [InlineData(1, "{}")]
    [InlineData(1, """{"errmsg":"ok"}""")]
    [InlineData(1, """{"errcode":"busy"}""")]
    [InlineData(1, """{"errcode":"0","errmsg":"ok"}""")]
    [InlineData(1, """{"errcode":0.5}""")]
    [InlineData(1, """{"errcode":null,"errmsg":"ok"}""")]
    [InlineData(1, "[]")]
    [InlineData(1, "null")]
    [InlineData(2, """{"errcode":0,"errmsg":"ok"}""")]
    [InlineData(2, """{"errcode":0,"result":{}}""")]
    [InlineData(2, """{"errcode":0,"result":{"suggest":"something-new"}}""")]
    [InlineData(2, """{"errcode":0,"result":null,"trace_id":"t"}""")]
    [InlineData(2, """{"errmsg":"ok","result":{"suggest":"pass"}}""")]
    public async Task UnreadableAnswers_AreRetried_ThenUnavailable_NeverAPass(int version, string json)
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 2);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : json));

        var exception = await Assert.ThrowsAsync<WeChatUnavailableException>(
            () => harness.Client.CheckTextAsync(version == 2 ? new TextCheckRequest("x", 2, OpenId: "o") : new TextCheckRequest("x", 1), default));

        Assert.Equal(WeChatUnavailableReason.TransientFailure, exception.Reason);
        Assert.Equal(3, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"errmsg":"ok"}""")]
    [InlineData("""{"errcode":"busy"}""")]
    public async Task UnreadableImageAnswers_AreUnavailable_NeverAPass(string json)
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : json));

        await Assert.ThrowsAsync<WeChatUnavailableException>(
            () => harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1, 2, 3 }, "image/png", "a.png"), default));
    }

    [Fact]
    public async Task Image_IsMultipartWithUnquotedBoundaryAndMediaPart()
    {
        await using var harness = new ClientHarness();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        await harness.Client.CheckImageAsync(new ImageCheckRequest(png, "image/png", "avatar.png"), default);

        var request = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.ImgSecCheckPath);
        Assert.StartsWith("multipart/form-data; boundary=", request.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain('"', request.ContentType!);
        var boundary = request.ContentType!["multipart/form-data; boundary=".Length..];
        var head = $"--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"avatar.png\"\r\nContent-Type: image/png\r\n\r\n";
        var expected = Encoding.UTF8.GetBytes(head).Concat(png).Concat(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")).ToArray();
        Assert.Equal(expected, request.Body);
    }

    [Fact]
    public async Task Image_IsReadableByAspNetCoresMultipartReader()
    {
        await using var harness = new ClientHarness();
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

        await harness.Client.CheckImageAsync(new ImageCheckRequest(bytes, "image/gif", "we\"ird\r\nname.gif"), default);

        var request = harness.Handler.Requests.Single(r => r.Path == WeChatApiNames.ImgSecCheckPath);
        var boundary = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(request.ContentType).Boundary.Value!;
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, new MemoryStream(request.Body));
        var section = await reader.ReadNextSectionAsync();
        Assert.NotNull(section);
        Assert.Equal("image/gif", section.ContentType);
        Assert.Contains("name=\"media\"", section.ContentDisposition, StringComparison.Ordinal);
        Assert.Contains("filename=\"we_ird__name.gif\"", section.ContentDisposition, StringComparison.Ordinal);
        using var copy = new MemoryStream();
        await section.Body.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Null(await reader.ReadNextSectionAsync());
    }

    [Fact]
    public async Task MediaCheck_ReturnsTraceId_AndSendsV2Fields()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : """{"errcode":0,"errmsg":"ok","trace_id":"967e945cd8a3e458f3c74dcb886068e9"}"""));

        var submission = await harness.Client.SubmitMediaCheckAsync(
            new MediaCheckRequest(new Uri("https://example.test/a.mp3"), WeChatMediaType.Audio, 2, WeChatScene.Forum, "o-1"), default);

        Assert.Equal("967e945cd8a3e458f3c74dcb886068e9", submission.TraceId);
        using var json = System.Text.Json.JsonDocument.Parse(harness.Handler.Requests.Single(r => r.Path == WeChatApiNames.MediaCheckAsyncPath).Body);
        Assert.Equal("https://example.test/a.mp3", json.RootElement.GetProperty("media_url").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("media_type").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("scene").GetInt32());
    }

    [Theory]
    [InlineData(40003)]
    [InlineData(40004)]
    [InlineData(40006)]
    [InlineData(40129)]
    [InlineData(41005)]
    [InlineData(43104)]
    [InlineData(47001)]
    [InlineData(61010)]
    [InlineData(87020)]
    public async Task CallerErrors_AreNotRetried_AndSurfaceAsOneTypedException(int errorCode)
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 3);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"SECRET-TOKEN","expires_in":7200}"""
            : $$"""{"errcode":{{errorCode}},"errmsg":"caller error"}"""));

        var exception = await Assert.ThrowsAsync<WeChatApiException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Equal(errorCode, exception.ErrorCode);
        Assert.Equal(WeChatApiNames.MsgSecCheck, exception.Api);
        Assert.Equal("caller error", exception.ErrorMessage);
        Assert.DoesNotContain("SECRET-TOKEN", exception.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", exception.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, null)]
    [InlineData(HttpStatusCode.BadGateway, null)]
    [InlineData(HttpStatusCode.TooManyRequests, null)]
    [InlineData(HttpStatusCode.OK, """{"errcode":-1,"errmsg":"system error"}""")]
    [InlineData(HttpStatusCode.OK, "<html>gateway</html>")]
    public async Task TransientFailures_AreRetried_UntilAttemptsAreSpent(HttpStatusCode status, string? body)
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 3);
        harness.Handler.Responder = r => Task.FromResult(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""")
            : FakeWeChatHandler.Json(body ?? "{}", status));

        var exception = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Equal(WeChatUnavailableReason.TransientFailure, exception.Reason);
        Assert.Equal(4, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Fact]
    public async Task TransientFailure_ThenSuccess_ReturnsTheVerdict()
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 2);
        var calls = 0;
        harness.Handler.Responder = r =>
        {
            if (r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal))
            {
                return Task.FromResult(FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}"""));
            }

            return ++calls == 1
                ? throw new HttpRequestException("connection reset")
                : Task.FromResult(FakeWeChatHandler.Json("""{"errcode":87014,"errmsg":"risky content"}"""));
        };

        var result = await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        Assert.Equal(WeChatSuggestion.Risky, result.Suggestion);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Fact]
    public async Task NoRetries_WhenMaxRetryAttemptsIsZero()
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Handler.Responder = r => Task.FromResult(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""")
            : FakeWeChatHandler.Json("{}", HttpStatusCode.ServiceUnavailable));

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedFailures_AndStopsCallingUpstream()
    {
        await using var harness = new ClientHarness(o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.CircuitBreakerMinimumThroughput = 4;
            o.Resilience.CircuitBreakerFailureRatio = 0.5;
        });
        harness.Handler.Responder = r => Task.FromResult(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""")
            : FakeWeChatHandler.Json("{}", HttpStatusCode.InternalServerError));

        // The token fetch counts as one success, so 3 failures out of 4 calls reach the 0.5 ratio.
        for (var i = 0; i < 3; i++)
        {
            var failure = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
            Assert.Equal(WeChatUnavailableReason.TransientFailure, failure.Reason);
        }

        for (var i = 0; i < 5; i++)
        {
            var open = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
            Assert.Equal(WeChatUnavailableReason.CircuitOpen, open.Reason);
            Assert.NotNull(open.RetryAfter);
        }

        Assert.Equal(3, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Open, harness.Services.GetRequiredService<WeChatResilience>().CircuitState.CircuitState);

        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json("""{"errcode":0,"errmsg":"ok","access_token":"T","expires_in":7200}"""));
        harness.Time.Advance(TimeSpan.FromSeconds(16));
        var result = await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(WeChatSuggestion.Pass, result.Suggestion);
    }

    [Fact]
    public async Task AttemptTimeout_IsRetried_ThenUnavailable()
    {
        await using var harness = new ClientHarness(o =>
        {
            o.Resilience.MaxRetryAttempts = 1;
            o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(1);
        });
        var attemptStarted = new SemaphoreSlim(0);
        harness.Handler.Responder = async r =>
        {
            if (r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal))
            {
                return FakeWeChatHandler.Json("""{"access_token":"T","expires_in":7200}""");
            }

            attemptStarted.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, r.RequestAborted);
            return FakeWeChatHandler.Json("{}");
        };

        var call = harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        await attemptStarted.WaitAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await attemptStarted.WaitAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        var exception = await Assert.ThrowsAsync<WeChatUnavailableException>(() => call);
        Assert.Equal(WeChatUnavailableReason.TransientFailure, exception.Reason);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
    }
}
