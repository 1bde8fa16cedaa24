using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

/// <summary>
/// The check counters as an application exporting its metrics with OpenTelemetry's SDK reads them: observable counters
/// collected when the SDK collects, each series a cumulative sum.
/// </summary>
/// <remarks>
/// The SDK listens to every meter of the name in the process, whichever service provider made it: run alone, so that
/// other tests' checks are not exported with these.
/// </remarks>
[Collection(ProcessWideMeterListeners.Name)]
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task ChecksHitsAndMisses_AreExported_AsCumulativeSums()
    {
        var exported = new List<Metric>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(WeChatSecurityMetrics.MeterName).AddInMemoryExporter(exported));
        await using var provider = services.BuildServiceProvider();
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        var security = provider.GetRequiredService<IWeChatContentSecurity>();

        await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckTextAsync(WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckImageAsync(WeChatEmulator.SafeTestImage);
        Assert.True(meterProvider.ForceFlush());

        var points = Points(exported);
        Assert.Equal(1, points[("wechat.security.checks", "kind=text,result=risky,source=upstream")]);
        Assert.Equal(2, points[("wechat.security.checks", "kind=text,result=risky,source=cache")]);
        Assert.Equal(1, points[("wechat.security.checks", "kind=image,result=pass,source=upstream")]);
        Assert.Equal(2, points[("wechat.security.cache.hits", "kind=text")]);
        Assert.Equal(1, points[("wechat.security.cache.misses", "kind=text")]);
        Assert.Equal(1, points[("wechat.security.cache.misses", "kind=image")]);
        Assert.DoesNotContain(points.Keys, point => point.Instrument == "wechat.security.cache.hits" && point.Tags == "kind=image");
        Assert.All(
            exported.Where(m => m.Name is "wechat.security.checks" or "wechat.security.cache.hits" or "wechat.security.cache.misses"),
            m => Assert.Equal(MetricType.LongSum, m.MetricType));
    }

    // The last export's value of every series, by instrument and its tags in order.
    private static Dictionary<(string Instrument, string Tags), long> Points(List<Metric> exported)
    {
        var points = new Dictionary<(string Instrument, string Tags), long>();
        foreach (var metric in exported.Where(m => m.MetricType == MetricType.LongSum))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<string>();
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }

                tags.Sort(StringComparer.Ordinal);
                points[(metric.Name, string.Join(',', tags))] = point.GetSumLong();
            }
        }

        return points;
    }
}
