using AspNetCore.WeChatSecurity.Tests.Verdicts;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

public class EnsureTests
{
    private static readonly WeChatCheckContext User = new() { OpenId = "o-user" };

    [Fact]
    public async Task Risky_RejectedWithFieldAndVerdict()
    {
        using var harness = new ContentSecurityHarness(o => o.ReviewAction = WeChatReviewAction.Allow);
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Risky;

        var exception = await Assert.ThrowsAsync<WeChatContentRejectedException>(() => harness.Security.EnsureTextAsync("comment", "bad", User).AsTask());

        Assert.Equal("comment", exception.Field);
        Assert.Equal(20001, exception.Verdict.Label);
    }

    [Fact]
    public async Task ReviewWithReject_Rejected()
    {
        using var harness = new ContentSecurityHarness(o => o.ReviewAction = WeChatReviewAction.Reject);
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Review;

        var exception = await Assert.ThrowsAsync<WeChatContentRejectedException>(() => harness.Security.EnsureTextAsync("comment", "unsure", User).AsTask());

        Assert.Equal(WeChatSuggestion.Review, exception.Verdict.Suggestion);
    }

    [Fact]
    public async Task ReviewWithAllow_ReturnsTheVerdict()
    {
        using var harness = new ContentSecurityHarness(o => o.ReviewAction = WeChatReviewAction.Allow);
        harness.Api.TextVerdict = _ => FakeWeChatApiClient.Review;

        var verdict = await harness.Security.EnsureTextAsync("comment", "unsure", User);

        Assert.Equal(WeChatSuggestion.Review, verdict.Suggestion);
    }

    [Fact]
    public async Task Pass_ReturnsTheVerdict()
    {
        using var harness = new ContentSecurityHarness();

        Assert.True((await harness.Security.EnsureTextAsync("comment", "fine", User)).IsPass);
    }

    [Fact]
    public async Task TooLong_InvalidContentNamingTheField()
    {
        using var harness = new ContentSecurityHarness(o => o.Text.MaxTextLength = 10);

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.EnsureTextAsync("comment", new string('a', 11)).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Equal("comment", exception.Field);
    }
}
