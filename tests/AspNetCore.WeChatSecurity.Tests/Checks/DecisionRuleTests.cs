using System.Security.Claims;
using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>The two rules every check decides by: which verdicts keep content out, and where the openid comes from.</summary>
public sealed class DecisionRuleTests
{
    [Theory]
    [InlineData(WeChatSuggestion.Pass, WeChatReviewAction.Reject, false)]
    [InlineData(WeChatSuggestion.Review, WeChatReviewAction.Reject, true)]
    [InlineData(WeChatSuggestion.Review, WeChatReviewAction.Allow, false)]
    [InlineData(WeChatSuggestion.Risky, WeChatReviewAction.Allow, true)]
    [InlineData((WeChatSuggestion)7, WeChatReviewAction.Allow, true)]
    [InlineData((WeChatSuggestion)(-1), WeChatReviewAction.Allow, true)]
    public void OnlyAPassOrAnAllowedReview_LetsContentThrough(WeChatSuggestion suggestion, WeChatReviewAction reviewAction, bool rejected)
    {
        var verdict = new WeChatVerdict(suggestion, 0, null, null, FromCache: false);

        Assert.Equal(rejected, WeChatContentSecurity.IsRejected(verdict, new WeChatSecurityOptions { ReviewAction = reviewAction }));
    }

    [Theory]
    [InlineData("oClaim00000000000000000000000", "oClaim00000000000000000000000")]
    [InlineData("   ", "oResolved000000000000000000000")]
    [InlineData(null, "oResolved000000000000000000000")]
    public void ABlankOpenIdClaim_LeavesTheResolverItsTurn(string? claim, string expected)
    {
        var options = new WeChatSecurityOptions { OpenIdResolver = _ => "oResolved000000000000000000000" };
        var context = new DefaultHttpContext();
        if (claim is not null)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(options.OpenIdClaimType, claim)], "test"));
        }

        Assert.Equal(expected, WeChatCheckRunner.ResolveOpenId(context, options));
    }
}
