using System.Diagnostics.Metrics;
using AspNetCore.WeChatSecurity.Verdicts;

namespace AspNetCore.WeChatSecurity.Diagnostics;

/// <summary>
/// Counts checks, cache hits and cache misses into fixed slots, one per kind, result and source, which the meter's
/// listeners read when they collect (<c>wechat.security.checks</c>, <c>.cache.hits</c>, <c>.cache.misses</c>, observable
/// counters). Every checked request is counted, a cache hit included: an exporter's aggregation per measurement
/// (OpenTelemetry's SDK looks the tag set up on the request's thread) made the two counters a hit recorded cost twice the
/// rest of the hit, while a slot costs one atomic increment.
/// </summary>
internal sealed class CheckCounts
{
    private const int CacheSource = 0;
    private const int UpstreamSource = 1;

    // The tag values, each at its index in a slot (ContentKindNames.IndexOf, ResultIndex, CacheSource or UpstreamSource).
    private static readonly string[] Kinds = ContentKindNames.All;
    private static readonly string[] Results = ["pass", "review", "risky", "error"];
    private static readonly string[] Sources = ["cache", "upstream"];

    private readonly long[] _checks = new long[Kinds.Length * Results.Length * Sources.Length];
    private readonly long[] _misses = new long[Kinds.Length];

    // Each series' tags, made once (a measurement still copies them: one small array a series each collection).
    private readonly KeyValuePair<string, object?>[][] _checkTags;
    private readonly KeyValuePair<string, object?>[][] _kindTags;
    private readonly ObservableCounter<long> _checkCounter;
    private readonly ObservableCounter<long> _hitCounter;
    private readonly ObservableCounter<long> _missCounter;

    public CheckCounts(Meter meter)
    {
        _checkTags = new KeyValuePair<string, object?>[_checks.Length][];
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            for (var result = 0; result < Results.Length; result++)
            {
                for (var source = 0; source < Sources.Length; source++)
                {
                    _checkTags[Slot(kind, result, source)] = [new("kind", Kinds[kind]), new("result", Results[result]), new("source", Sources[source])];
                }
            }
        }

        _kindTags = [.. Kinds.Select(kind => new KeyValuePair<string, object?>[] { new("kind", kind) })];
        _checkCounter = meter.CreateObservableCounter(
            "wechat.security.checks",
            ObserveChecks,
            unit: "{check}",
            description: "Content checks, by kind (text, image, audio), result (pass, review, risky, error) and source (cache, upstream).");
        _hitCounter = meter.CreateObservableCounter("wechat.security.cache.hits", ObserveHits, unit: "{lookup}", description: "Verdict cache hits, by kind.");
        _missCounter = meter.CreateObservableCounter("wechat.security.cache.misses", ObserveMisses, unit: "{lookup}", description: "Verdict cache misses, by kind.");
    }

    /// <summary>Counts a check's verdict (or its failure, <paramref name="suggestion"/> null), a cache hit when <paramref name="fromCache"/>.</summary>
    public void Check(ContentKind kind, WeChatSuggestion? suggestion, bool fromCache)
    {
        // Counted while someone listens, as a counter's measurements are: nothing to pay in an app that collects no metrics.
        if (_checkCounter.Enabled || _hitCounter.Enabled)
        {
            Interlocked.Increment(ref _checks[Slot(ContentKindNames.IndexOf(kind), ResultIndex(suggestion), fromCache ? CacheSource : UpstreamSource)]);
        }
    }

    public void CacheMiss(ContentKind kind)
    {
        if (_missCounter.Enabled)
        {
            Interlocked.Increment(ref _misses[ContentKindNames.IndexOf(kind)]);
        }
    }

    private static int Slot(int kind, int result, int source) => (((kind * Results.Length) + result) * Sources.Length) + source;

    private static int ResultIndex(WeChatSuggestion? suggestion) => suggestion switch
    {
        WeChatSuggestion.Pass => 0,
        WeChatSuggestion.Review => 1,
        WeChatSuggestion.Risky => 2,
        _ => 3,
    };

    // A series appears once it has counted something, as a counter's does with its first measurement.
    private IEnumerable<Measurement<long>> ObserveChecks()
    {
        for (var slot = 0; slot < _checks.Length; slot++)
        {
            if (Volatile.Read(ref _checks[slot]) is var count and > 0)
            {
                yield return new Measurement<long>(count, _checkTags[slot]);
            }
        }
    }

    // A hit is a check answered from the cache: the hits of a kind are its checks' cache slots.
    private IEnumerable<Measurement<long>> ObserveHits()
    {
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            long hits = 0;
            for (var result = 0; result < Results.Length; result++)
            {
                hits += Volatile.Read(ref _checks[Slot(kind, result, CacheSource)]);
            }

            if (hits > 0)
            {
                yield return new Measurement<long>(hits, _kindTags[kind]);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveMisses()
    {
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            if (Volatile.Read(ref _misses[kind]) is var count and > 0)
            {
                yield return new Measurement<long>(count, _kindTags[kind]);
            }
        }
    }
}
