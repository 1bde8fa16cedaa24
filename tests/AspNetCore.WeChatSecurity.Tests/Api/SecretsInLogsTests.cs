using System.Net;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;

namespace AspNetCore.WeChatSecurity.Tests.Api;

public sealed class SecretsInLogsTests
{
    private const string Token = "ACCESS-TOKEN-THAT-MUST-NOT-LEAK";

    [Theory]
    [InlineData(WeChatTokenSource.Stable)]
    [InlineData(WeChatTokenSource.Classic)]
    public async Task TraceLogsOfEveryCategory_ContainNeitherTheAppSecretNorAnyToken(WeChatTokenSource source)
    {
        await using var harness = new ClientHarness(o =>
        {
            o.TokenSource = source;
            o.Resilience.MaxRetryAttempts = 1;
            o.Resilience.CircuitBreakerMinimumThroughput = 2;
        });
        var step = 0;
        harness.Handler.Responder = r =>
        {
            if (r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal))
            {
                return Task.FromResult(FakeWeChatHandler.Json($$"""{"access_token":"{{Token}}-{{step}}","expires_in":7200}"""));
            }

            return (++step % 4) switch
            {
                1 => Task.FromResult(FakeWeChatHandler.Json("""{"errcode":40001,"errmsg":"invalid credential"}""")),
                2 => throw new HttpRequestException($"failure for {r.RawQuery}"),
                3 => Task.FromResult(FakeWeChatHandler.Json("{}", HttpStatusCode.InternalServerError)),
                _ => Task.FromResult(FakeWeChatHandler.Json("""{"errcode":87014,"errmsg":"risky content"}""")),
            };
        };

        var failures = new List<Exception>();
        for (var i = 0; i < 12; i++)
        {
            try
            {
                await harness.Client.CheckTextAsync(new TextCheckRequest("内容", 1), default);
            }
            catch (Exception exception) when (exception is WeChatUnavailableException or WeChatApiException)
            {
                failures.Add(exception);
            }
        }

        var logs = harness.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.NotEmpty(failures);
        var everything = string.Join('\n', logs.Select(e => e.AllText()).Concat(failures.Select(f => f.ToString())));
        Assert.DoesNotContain(ClientHarness.AppSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token=", everything, StringComparison.Ordinal);
    }
}
