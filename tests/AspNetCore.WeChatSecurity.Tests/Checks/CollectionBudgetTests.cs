using System.Globalization;
using AspNetCore.WeChatSecurity.Checks;
using Microsoft.Extensions.Logging.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>
/// The walk of a request's values stops once they certainly need more checks than a request may make: the 413 is then
/// decided on what was walked so far, not after every value was listed.
/// </summary>
public sealed class CollectionBudgetTests
{
    [Fact]
    public void DistinctTexts_StopTheWalk_OneOverTheLimit()
    {
        var logger = new FakeLogger<WeChatCheckRunner>();
        var (target, tags) = Tags([.. Enumerable.Range(0, 100_000).Select(i => "标签" + i.ToString(CultureInfo.InvariantCulture))]);
        var values = new List<CollectedValue>();

        var refused = Assert.Throws<WeChatInvalidContentException>(() => ValueCollector.ByPropertyName.Collect(target, tags, string.Empty, values, new CollectionBudget(new WeChatSecurityOptions(), logger, "tags")));

        Assert.Equal(WeChatInvalidContentReason.TooLarge, refused.Reason);
        Assert.Equal(
            "The request carries at least 65 distinct texts to check, needing at least 65 WeChat calls (a long text takes one per chunk); at most 64 calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).",
            refused.Message);
        Assert.Equal(65, values.Count);
        Assert.Equal(307, Assert.Single(logger.Collector.GetSnapshot()).Id.Id);
    }

    // Past the limit the values are told apart: repeats, blank texts and texts over the length limit (which refuse the
    // request on their own) are no more checks, and the walk reaches the end.
    [Fact]
    public void Repeats_BlankAndOverLongTexts_DoNotCount()
    {
        var options = new WeChatSecurityOptions();
        options.Text.MaxChecksPerRequest = 3;
        options.Text.MaxTextLength = 2500;
        string[] some = ["一", "二", " ", "", "三", new string('长', 2501)];
        var (target, tags) = Tags([.. Enumerable.Repeat(some, 1000).SelectMany(t => t)]);
        var values = new List<CollectedValue>();

        ValueCollector.ByPropertyName.Collect(target, tags, string.Empty, values, new CollectionBudget(options, new FakeLogger<WeChatCheckRunner>(), "tags"));

        Assert.Equal(6000, values.Count);
    }

    // The request's targets share one budget: texts of two fields count together.
    [Fact]
    public void TheTargetsOfARequest_CountTogether()
    {
        var options = new WeChatSecurityOptions();
        options.Text.MaxChecksPerRequest = 3;
        options.Text.MaxTextLength = 2500;
        var budget = new CollectionBudget(options, new FakeLogger<WeChatCheckRunner>(), "tags");
        var (first, one) = Tags(["一", "二"]);
        var (second, other) = Tags(["二", "三"]);
        var (third, more) = Tags(["四"]);
        var values = new List<CollectedValue>();

        ValueCollector.ByPropertyName.Collect(first, one, string.Empty, values, budget);
        ValueCollector.ByPropertyName.Collect(second, other, string.Empty, values, budget);
        Assert.Throws<WeChatInvalidContentException>(() => ValueCollector.ByPropertyName.Collect(third, more, string.Empty, values, budget));

        Assert.Equal(5, values.Count);
    }

    private static (CheckTarget Target, List<string> Tags) Tags(List<string> tags)
    {
        var parameter = new CheckParameter("tags", "tags", typeof(List<string>), 0, string.Empty);
        return (new CheckTarget(new MsgSecCheckAttribute(), parameter, []), tags);
    }
}
