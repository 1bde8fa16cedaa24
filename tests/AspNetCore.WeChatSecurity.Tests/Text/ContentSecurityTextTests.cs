using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Tests.Checks;
using AspNetCore.WeChatSecurity.Tests.Verdicts;

namespace AspNetCore.WeChatSecurity.Tests.Text;

public class ContentSecurityTextTests
{
    private const string Phrase = "FORBIDDENPHRASE";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t ")]
    public async Task EmptyOrWhitespaceText_PassesWithoutACall(string text)
    {
        using var harness = new ContentSecurityHarness();

        var verdict = await harness.Security.CheckTextAsync(text);

        Assert.True(verdict.IsPass);
        Assert.Equal(0, harness.Api.TextCalls);
    }

    [Fact]
    public async Task TextOverMaxTextLength_413NamingTheLimit()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxTextLength = 1000);

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(
            () => harness.Security.CheckTextAsync(new string('a', 1001)).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Contains("1,000", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Api.TextCalls);
    }

    [Fact]
    public async Task AutoWithOpenId_SendsV2WithSceneOpenIdAndExtras()
    {
        using var harness = new ContentSecurityHarness(o => o.DefaultScene = WeChatScene.Forum);
        var context = new WeChatCheckContext { OpenId = "o-user", Title = "t", Nickname = "n" };

        await harness.Security.CheckTextAsync("hello", context);

        var request = Assert.Single(harness.Api.TextRequests);
        Assert.Equal(new TextCheckRequest("hello", 2, WeChatScene.Forum, "o-user", "t", "n", null), request);
    }

    [Fact]
    public async Task AutoWithoutOpenId_SendsV1ContentOnly()
    {
        using var harness = new ContentSecurityHarness();

        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { Scene = WeChatScene.Profile, Title = "t" });

        var request = Assert.Single(harness.Api.TextRequests);
        Assert.Equal(1, request.Version);
        Assert.Null(request.OpenId);
        Assert.Null(request.Title);
    }

    [Fact]
    public async Task V2WithoutOpenId_ThrowsAnActionableInvalidOperation()
    {
        using var harness = new ContentSecurityHarness(o => o.TextVersion = WeChatApiVersion.V2);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Security.CheckTextAsync("hello").AsTask());

        Assert.Contains("openid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("OpenIdResolver", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Api.TextCalls);
    }

    [Fact]
    public async Task ContextVersion_OverridesTheOptions()
    {
        using var harness = new ContentSecurityHarness(o => o.TextVersion = WeChatApiVersion.V2);

        await harness.Security.CheckTextAsync("hello", new WeChatCheckContext { TextVersion = WeChatApiVersion.V1, OpenId = "o-user" });

        Assert.Equal(1, Assert.Single(harness.Api.TextRequests).Version);
    }

    [Fact]
    public async Task RiskyPhraseAcrossAChunkBoundary_StillFound()
    {
        using var harness = new ContentSecurityHarness();
        harness.Api.TextVerdict = r => r.Content.Contains(Phrase, StringComparison.Ordinal) ? FakeWeChatApiClient.Risky : FakeWeChatApiClient.Pass;
        var text = new string('a', 2490) + Phrase + new string('b', 3000);

        var verdict = await harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" });

        Assert.Equal(WeChatSuggestion.Risky, verdict.Suggestion);
        Assert.Equal("trace-risky", verdict.TraceId);
        var first = harness.Api.TextRequests.Single(r => text.StartsWith(r.Content, StringComparison.Ordinal));
        Assert.DoesNotContain(Phrase, first.Content, StringComparison.Ordinal);
        Assert.All(harness.Api.TextRequests, r => Assert.InRange(r.Content.Length, 1, 2500));
    }

    [Fact]
    public async Task OneChunkReview_ReviewWithThatChunksLabelAndTrace()
    {
        using var harness = new ContentSecurityHarness();
        harness.Api.TextVerdict = r => r.Content.Contains('c', StringComparison.Ordinal) ? FakeWeChatApiClient.Review : FakeWeChatApiClient.Pass;
        var text = new string('a', 2500) + new string('b', 2500) + new string('c', 100);

        var verdict = await harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" });

        Assert.Equal(WeChatSuggestion.Review, verdict.Suggestion);
        Assert.Equal(21000, verdict.Label);
        Assert.Equal("trace-review", verdict.TraceId);
        Assert.False(verdict.FromCache);
        Assert.Equal(3, harness.Api.TextCalls);
    }

    [Fact]
    public async Task RiskyAndReviewChunks_RiskyWins()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxChunkParallelism = 1);
        harness.Api.TextVerdict = r => r.Content[^1] switch
        {
            'a' => FakeWeChatApiClient.Review,
            'c' => FakeWeChatApiClient.Risky,
            _ => FakeWeChatApiClient.Pass,
        };
        var text = new string('a', 2500) + new string('b', 2500) + new string('c', 100);

        var verdict = await harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" });

        Assert.Equal(WeChatSuggestion.Risky, verdict.Suggestion);
        Assert.Equal(20001, verdict.Label);
    }

    [Fact]
    public async Task RiskyChunk_NoFurtherChunkStarted()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxChunkParallelism = 1);
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Risky;

        var verdict = await harness.Security.CheckTextAsync(new string('a', 10_000), new WeChatCheckContext { OpenId = "o-user" });

        Assert.Equal(WeChatSuggestion.Risky, verdict.Suggestion);
        Assert.Equal(1, harness.Api.TextCalls);
    }

    [Fact]
    public async Task ManyChunks_NeverMoreInFlightThanMaxChunkParallelism()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxChunkParallelism = 3);
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;
        var text = string.Concat(Enumerable.Range(0, 1500).Select(i => $"w{i:D5} ")); // 12,000 distinct characters, ~5 chunks
        text += text.ToUpperInvariant();

        var check = harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" }).AsTask();
        await harness.Api.WaitForCallsAsync(3);
        Assert.Equal(3, harness.Api.InFlight);
        Assert.Equal(3, harness.Api.TextCalls);
        gate.SetResult();
        var verdict = await check;

        Assert.True(verdict.IsPass);
        Assert.Equal(3, harness.Api.MaxInFlight);
        Assert.InRange(harness.Api.TextCalls, 9, 12);
    }

    [Fact]
    public async Task SameLongTextAgain_AllChunksFromCache()
    {
        using var harness = new ContentSecurityHarness();
        var text = new string('a', 3000) + new string('b', 3000);
        await harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" });
        var calls = harness.Api.TextCalls;

        var verdict = await harness.Security.CheckTextAsync(text, new WeChatCheckContext { OpenId = "o-user" });

        Assert.True(verdict.FromCache);
        Assert.Equal(calls, harness.Api.TextCalls);
    }
}
