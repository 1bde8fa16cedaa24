using System.Diagnostics.Metrics;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

/// <summary>
/// The check and cache counters' slots read back as the series a counter's measurements would have made: every kind,
/// result and source with its own tags and total, the hits of a kind its checks answered from the cache.
/// </summary>
public sealed class CheckCountsTests
{
    private static readonly (ContentKind Kind, string Tag)[] Kinds = [(ContentKind.Text, "text"), (ContentKind.Image, "image"), (ContentKind.Audio, "audio")];
    private static readonly (WeChatSuggestion? Suggestion, string Tag)[] Results =
        [(WeChatSuggestion.Pass, "pass"), (WeChatSuggestion.Review, "review"), (WeChatSuggestion.Risky, "risky"), (null, "error")];

    [Fact]
    public void EveryKindResultAndSource_IsItsOwnSeries_AndHitsAreTheChecksFromTheCache()
    {
        using var meter = new Meter(nameof(CheckCountsTests));
        var counts = new CheckCounts(meter);
        using var checks = new MetricCollector<long>(meter, "wechat.security.checks");
        using var hits = new MetricCollector<long>(meter, "wechat.security.cache.hits");
        using var misses = new MetricCollector<long>(meter, "wechat.security.cache.misses");

        // Each combination counted a different number of times, so that a count landing in another's slot shows.
        var expected = new Dictionary<string, long>();
        var times = 0;
        foreach (var (kind, kindTag) in Kinds)
        {
            foreach (var (suggestion, resultTag) in Results)
            {
                foreach (var (fromCache, sourceTag) in new[] { (true, "cache"), (false, "upstream") })
                {
                    times++;
                    for (var i = 0; i < times; i++)
                    {
                        counts.Check(kind, suggestion, fromCache);
                    }

                    expected[$"kind={kindTag},result={resultTag},source={sourceTag}"] = times;
                }
            }

            for (var i = 0; i < (int)kind * 10; i++)
            {
                counts.CacheMiss(kind);
            }
        }

        checks.RecordObservableInstruments();
        hits.RecordObservableInstruments();
        misses.RecordObservableInstruments();

        Assert.Equal(
            Sorted(expected),
            Sorted(checks.GetMeasurementSnapshot().ToDictionary(m => $"kind={m.Tags["kind"]},result={m.Tags["result"]},source={m.Tags["source"]}", m => m.Value)));
        var expectedHits = Kinds.ToDictionary(
            k => k.Tag,
            k => expected.Where(pair => pair.Key.StartsWith($"kind={k.Tag},", StringComparison.Ordinal) && pair.Key.EndsWith("source=cache", StringComparison.Ordinal)).Sum(pair => pair.Value));
        Assert.Equal(Sorted(expectedHits), Sorted(hits.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["kind"]!, m => m.Value)));
        Assert.Equal(
            Sorted(new Dictionary<string, long> { ["text"] = 10, ["image"] = 20, ["audio"] = 30 }),
            Sorted(misses.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["kind"]!, m => m.Value)));
    }

    [Fact]
    public void NothingIsCounted_WhileNoListenerHasTheInstrumentEnabled_AndUncountedSeriesAreNotReported()
    {
        using var meter = new Meter(nameof(CheckCountsTests));
        var counts = new CheckCounts(meter);
        counts.Check(ContentKind.Text, WeChatSuggestion.Pass, fromCache: true);
        counts.CacheMiss(ContentKind.Text);

        using var checks = new MetricCollector<long>(meter, "wechat.security.checks");
        using var hits = new MetricCollector<long>(meter, "wechat.security.cache.hits");
        using var misses = new MetricCollector<long>(meter, "wechat.security.cache.misses");
        counts.Check(ContentKind.Image, suggestion: null, fromCache: false);
        checks.RecordObservableInstruments();
        hits.RecordObservableInstruments();
        misses.RecordObservableInstruments();

        var check = Assert.Single(checks.GetMeasurementSnapshot());
        Assert.Equal(1, check.Value);
        Assert.Equal(new object?[] { "image", "error", "upstream" }, new[] { check.Tags["kind"], check.Tags["result"], check.Tags["source"] });
        Assert.Empty(hits.GetMeasurementSnapshot());
        Assert.Empty(misses.GetMeasurementSnapshot());
    }

    private static List<KeyValuePair<string, long>> Sorted(Dictionary<string, long> series) => [.. series.OrderBy(pair => pair.Key, StringComparer.Ordinal)];
}
