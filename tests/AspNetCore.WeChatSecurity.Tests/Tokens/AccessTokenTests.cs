using System.Net;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tests.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Tokens;

public sealed class AccessTokenTests
{
    [Fact]
    public async Task StableToken_IsThePostWithForceRefreshFalse_AndCredentialsInTheBody()
    {
        await using var harness = new ClientHarness();

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        var tokenRequest = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.StableTokenPath);
        Assert.Equal(HttpMethod.Post, tokenRequest.Method);
        Assert.Empty(tokenRequest.RawQuery);
        using var json = System.Text.Json.JsonDocument.Parse(tokenRequest.Body);
        Assert.Equal("client_credential", json.RootElement.GetProperty("grant_type").GetString());
        Assert.Equal("wx1234567890", json.RootElement.GetProperty("appid").GetString());
        Assert.Equal(ClientHarness.AppSecret, json.RootElement.GetProperty("secret").GetString());
        Assert.False(json.RootElement.GetProperty("force_refresh").GetBoolean());
        var check = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.MsgSecCheckPath);
        Assert.Equal("TOKEN-1", check.Query["access_token"]);
    }

    [Fact]
    public async Task ClassicToken_IsTheGetWithCredentialsInTheQuery()
    {
        await using var harness = new ClientHarness(o => o.TokenSource = WeChatTokenSource.Classic);

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        var tokenRequest = Assert.Single(harness.Handler.Requests, r => r.Path == WeChatApiNames.TokenPath);
        Assert.Equal(HttpMethod.Get, tokenRequest.Method);
        Assert.Equal("client_credential", tokenRequest.Query["grant_type"]);
        Assert.Equal(ClientHarness.AppSecret, tokenRequest.Query["secret"]);
    }

    [Fact]
    public async Task Token_IsCachedUntilExpiryMinusMargin()
    {
        await using var harness = new ClientHarness(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5));

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        harness.Time.Advance(TimeSpan.FromSeconds(7200 - 301));
        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.StableTokenPath));

        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.StableTokenPath));
    }

    [Fact]
    public async Task HundredConcurrentCallers_WithoutToken_CauseExactlyOneTokenRequest()
    {
        await using var harness = new ClientHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Responder = async r =>
        {
            if (r.Path == WeChatApiNames.StableTokenPath)
            {
                await release.Task;
                return FakeWeChatHandler.Json("""{"access_token":"SHARED","expires_in":7200}""");
            }

            return FakeWeChatHandler.Json("""{"errcode":0,"errmsg":"ok"}""");
        };

        var calls = Enumerable.Range(0, 100)
            .Select(i => Task.Run(() => harness.Client.CheckTextAsync(new TextCheckRequest("x" + i, 1), default)))
            .ToArray();
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.StableTokenPath));
        Assert.Equal(100, harness.Handler.Count(WeChatApiNames.MsgSecCheckPath));
        Assert.All(harness.Handler.Requests.Where(r => r.Path == WeChatApiNames.MsgSecCheckPath), r => Assert.Equal("SHARED", r.Query["access_token"]));
    }

    [Fact]
    public async Task CancelledCaller_DoesNotCancelTheSharedTokenFetch()
    {
        await using var harness = new ClientHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetchStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Responder = async r =>
        {
            if (r.Path == WeChatApiNames.StableTokenPath)
            {
                fetchStarted.TrySetResult();
                await release.Task;
                return FakeWeChatHandler.Json("""{"access_token":"SHARED","expires_in":7200}""");
            }

            return FakeWeChatHandler.Json("""{"errcode":0,"errmsg":"ok"}""");
        };

        using var cancel = new CancellationTokenSource();
        var cancelled = harness.Client.CheckTextAsync(new TextCheckRequest("a", 1), cancel.Token);
        var patient = harness.Client.CheckTextAsync(new TextCheckRequest("b", 1), default);
        await fetchStarted.Task;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();

        Assert.Equal(WeChatSuggestion.Pass, (await patient).Suggestion);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.StableTokenPath));
    }

    [Theory]
    [InlineData(40001)]
    [InlineData(40014)]
    [InlineData(42001)]
    public async Task TokenError_DropsTheToken_FetchesAnother_AndRetriesOnce(int errorCode)
    {
        await using var harness = new ClientHarness();
        var tokenNumber = 0;
        harness.Handler.Responder = r => Task.FromResult(r.Path == WeChatApiNames.StableTokenPath
            ? FakeWeChatHandler.Json($$"""{"access_token":"T{{++tokenNumber}}","expires_in":7200}""")
            : r.Query["access_token"] == "T1"
                ? FakeWeChatHandler.Json($$"""{"errcode":{{errorCode}},"errmsg":"invalid credential"}""")
                : FakeWeChatHandler.Json("""{"errcode":87014,"errmsg":"risky content"}"""));

        var result = await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        Assert.Equal(WeChatSuggestion.Risky, result.Suggestion);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.StableTokenPath));
        Assert.Equal(["T1", "T2"], harness.Handler.Requests.Where(r => r.Path == WeChatApiNames.MsgSecCheckPath).Select(r => r.Query["access_token"]));
        Assert.All(harness.Handler.Requests.Where(r => r.Path == WeChatApiNames.StableTokenPath), r => Assert.Contains("\"force_refresh\":false", r.BodyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameRejectedToken_ForcesRefresh_AtMostOncePer30Seconds()
    {
        await using var harness = new ClientHarness();
        var forced = 0;
        harness.Handler.Responder = r =>
        {
            if (r.Path == WeChatApiNames.StableTokenPath)
            {
                var force = r.BodyText.Contains("\"force_refresh\":true", StringComparison.Ordinal);
                forced += force ? 1 : 0;
                return Task.FromResult(FakeWeChatHandler.Json(force ? $$"""{"access_token":"FORCED{{forced}}","expires_in":7200}""" : """{"access_token":"STALE","expires_in":7200}"""));
            }

            return Task.FromResult(FakeWeChatHandler.Json(r.Query["access_token"] == "STALE"
                ? """{"errcode":40001,"errmsg":"invalid credential"}"""
                : """{"errcode":0,"errmsg":"ok"}"""));
        };

        Assert.Equal(WeChatSuggestion.Pass, (await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default)).Suggestion);
        Assert.Equal(1, forced);

        // WeChat hands the stale token out again; within 30 s no second forced refresh is spent.
        harness.Services.GetRequiredService<AspNetCore.WeChatSecurity.Tokens.AccessTokenProvider>().Clear();
        var failure = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        Assert.Equal(WeChatUnavailableReason.NoAccessToken, failure.Reason);
        Assert.Equal(1, forced);

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        harness.Services.GetRequiredService<AspNetCore.WeChatSecurity.Tokens.AccessTokenProvider>().Clear();
        Assert.Equal(WeChatSuggestion.Pass, (await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default)).Suggestion);
        Assert.Equal(2, forced);
    }

    [Fact]
    public async Task RefusedCredentials_AreAConfigurationError_NotAnOutage_WithAnActionableMessage()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json("""{"errcode":40125,"errmsg":"invalid appsecret"}"""));

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Equal(40125, failure.ErrorCode);
        Assert.Contains("40125", failure.Message, StringComparison.Ordinal);
        Assert.Contains("WeChatSecurity:AppSecret", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientHarness.AppSecret, failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40013, "invalid appid", "WeChatSecurity:AppId")]
    [InlineData(40125, "invalid appsecret", "WeChatSecurity:AppSecret")]
    [InlineData(40164, "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6f1c", "IP whitelist")]
    public async Task RefusedCredentials_AreLogged_WithWeChatsCodeAndMessage_AndWhatToFix_NeverTheSecret(int errorCode, string errorMessage, string fix)
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(
            $$"""{"errcode":{{errorCode}},"errmsg":"{{errorMessage}}"}"""));

        await Assert.ThrowsAsync<WeChatApiException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        var refusal = Assert.Single(harness.Logs.GetSnapshot(), e => e.Id.Name == "TokenRefused");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, refusal.Level);
        Assert.Contains($"errcode {errorCode}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(errorMessage, refusal.Message, StringComparison.Ordinal);
        Assert.Contains(fix, refusal.Message, StringComparison.Ordinal);
        Assert.Equal($"{errorCode}", refusal.GetStructuredStateValue("ErrorCode"));
        Assert.All(harness.Logs.GetSnapshot(), e => Assert.DoesNotContain(ClientHarness.AppSecret, e.AllText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnErrmsgEchoingTheSecret_IsLoggedWithoutIt()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(
            $$"""{"errcode":40125,"errmsg":"invalid appsecret {{ClientHarness.AppSecret}}"}"""));

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Contains(harness.Logs.GetSnapshot(), e => e.Id.Name == "TokenRefused");
        Assert.All(harness.Logs.GetSnapshot(), e => Assert.DoesNotContain(ClientHarness.AppSecret, e.AllText(), StringComparison.Ordinal));
        Assert.DoesNotContain(ClientHarness.AppSecret, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenQuotaSpent_IsWeChatNotAnswering()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json("""{"errcode":45009,"errmsg":"reach max api daily quota limit"}"""));

        var failure = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));

        Assert.Equal(WeChatUnavailableReason.NoAccessToken, failure.Reason);
    }

    [Fact]
    public async Task ExternalSource_IsUsed_AndAskedToForceRefreshAfterRejection()
    {
        var source = new ScriptedTokenSource();
        await using var harness = new ClientHarness(
            o =>
            {
                o.TokenSource = WeChatTokenSource.External;
                o.AppId = null;
                o.AppSecret = null;
            },
            services => services.AddSingleton<IWeChatAccessTokenSource>(source));
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Query["cloudbase_access_token"] == "CB-1"
            ? """{"errcode":42001,"errmsg":"access_token expired"}"""
            : """{"errcode":0,"errmsg":"ok"}"""));

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        Assert.Equal([false, true], source.Calls);
        Assert.Equal(["CB-1", "CB-2"], harness.Handler.Requests.Select(r => r.Query["cloudbase_access_token"]));
        Assert.All(harness.Handler.Requests, r => Assert.Null(r.Query["access_token"]));
        Assert.Equal(0, harness.Handler.Count(WeChatApiNames.StableTokenPath));
    }

    [Fact]
    public async Task ShortLivedToken_IsStillUsed_ForHalfItsLife()
    {
        await using var harness = new ClientHarness();
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path == WeChatApiNames.StableTokenPath
            ? """{"access_token":"SHORT","expires_in":300}"""
            : """{"errcode":0}"""));

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        harness.Time.Advance(TimeSpan.FromSeconds(100));
        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(1, harness.Handler.Count(WeChatApiNames.StableTokenPath));

        harness.Time.Advance(TimeSpan.FromSeconds(60));
        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.StableTokenPath));
    }

    [Fact]
    public async Task TokenEndpointDown_IsNoAccessToken_AndNotCached()
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 0);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json("{}", HttpStatusCode.BadGateway));

        var failure = await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        Assert.Equal(WeChatUnavailableReason.NoAccessToken, failure.Reason);

        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path == WeChatApiNames.StableTokenPath ? """{"access_token":"T","expires_in":7200}""" : """{"errcode":0}"""));
        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);
        Assert.Equal(2, harness.Handler.Count(WeChatApiNames.StableTokenPath));
    }

    private sealed class ScriptedTokenSource : IWeChatAccessTokenSource
    {
        public List<bool> Calls { get; } = [];

        public ValueTask<WeChatAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            Calls.Add(forceRefresh);
            return ValueTask.FromResult(new WeChatAccessToken($"CB-{Calls.Count}", DateTimeOffset.MaxValue.AddDays(-1), IsCloudBase: true));
        }
    }
}
