using System.Security.Claims;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task AVerdictJudgedRejecting_IsAnswered422_EvenWhenAReloadLetsReviewsThroughBeforeTheAnswer()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:ReviewAction"] = "Reject" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        services.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity"));
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<WeChatCheckRunner>();
        var review = new WeChatVerdict(WeChatSuggestion.Review, 0, 20001, null, FromCache: true);

        var rejects = runner.Rejects(review);
        configuration["WeChatSecurity:ReviewAction"] = "Allow";
        configuration.Reload();
        var answer = runner.Rejected(new CollectedValue("Comment", null, "text", null), review, "test");

        Assert.True(rejects);
        Assert.False(runner.Rejects(review));
        Assert.NotNull(answer);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, answer.Problem.Status);
        Assert.Contains("Comment", Assert.IsType<HttpValidationProblemDetails>(answer.Problem).Errors.Keys);
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
