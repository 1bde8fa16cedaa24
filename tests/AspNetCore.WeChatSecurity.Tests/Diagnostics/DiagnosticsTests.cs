using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Tests.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

public sealed class DiagnosticsTests
{
    [Fact]
    public async Task UpstreamCalls_AreTimedAndTaggedByApiAndOutcome()
    {
        await using var harness = new ClientHarness();
        using var durations = Collect<double>(harness.Services, "wechat.security.upstream.duration");
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : """{"errcode":87014,"errmsg":"risky content"}"""));

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        var measurements = durations.GetMeasurementSnapshot();
        Assert.Single(measurements.ContainsTags(Tag("api", "stable_token"), Tag("outcome", "ok")));
        Assert.Single(measurements.ContainsTags(Tag("api", "msg_sec_check"), Tag("outcome", "errcode_87014")));
    }

    [Fact]
    public async Task UpstreamErrcodesWeChatDoesNotDocument_ShareOneOutcome()
    {
        await using var harness = new ClientHarness();
        using var durations = Collect<double>(harness.Services, "wechat.security.upstream.duration");
        var errcode = 0;
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : $$"""{"errcode":{{errcode}},"errmsg":"whatever"}"""));

        foreach (var code in new[] { 40003, 61234, 99999, -5 })
        {
            errcode = code;
            var refused = await Assert.ThrowsAsync<WeChatApiException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
            Assert.Equal(code, refused.ErrorCode);
        }

        var outcomes = durations.GetMeasurementSnapshot().ContainsTags(Tag("api", "msg_sec_check")).Select(m => m.Tags["outcome"]);
        Assert.Equal(["errcode_40003", "errcode_other", "errcode_other", "errcode_other"], outcomes);
    }

    [Fact]
    public async Task EachUpstreamCall_HasASpan()
    {
        await using var harness = new ClientHarness();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WeChatSecurityActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId traceId;

        // The listener hears every test running in parallel: this test's span is the one under its own trace.
        using (var test = new Activity(nameof(EachUpstreamCall_HasASpan)).Start())
        {
            await harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default);
            traceId = test.TraceId;
        }

        lock (spans)
        {
            var span = Assert.Single(spans, s => s.TraceId == traceId && Equals(s.GetTagItem("wechat.api"), "img_sec_check"));
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(0, span.GetTagItem("wechat.errcode"));
        }
    }

    [Fact]
    public async Task HealthCheck_IsHealthy_DegradedWhileAGateIsShut_UnhealthyWithoutToken()
    {
        await using var harness = new ClientHarness(o => o.Resilience.MaxRetryAttempts = 0, s => s.AddHealthChecks().AddWeChatContentSecurity());
        var health = harness.Services.GetRequiredService<HealthCheckService>();
        var mode = "ok";
        harness.Handler.Responder = r => Task.FromResult(mode switch
        {
            "ok" => FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal) ? """{"access_token":"T","expires_in":7200}""" : """{"errcode":45009}"""),
            _ => FakeWeChatHandler.Json("{}", HttpStatusCode.BadGateway),
        });

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default));
        var degraded = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("text", degraded.Entries["wechat-content-security"].Description, StringComparison.Ordinal);

        mode = "down";
        harness.Time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
    }

    [Fact]
    public async Task Checks_AreCountedByKindResultAndSource_WithCacheHitsAndMisses()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();
        using var checks = Collect<long>(provider, "wechat.security.checks");
        using var hits = Collect<long>(provider, "wechat.security.cache.hits");
        using var misses = Collect<long>(provider, "wechat.security.cache.misses");
        using var durations = Collect<double>(provider, "wechat.security.upstream.duration");
        var security = provider.GetRequiredService<IWeChatContentSecurity>();

        await security.CheckTextAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckTextAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckImageAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulator.SafeTestImage);
        checks.RecordObservableInstruments();
        hits.RecordObservableInstruments();
        misses.RecordObservableInstruments();

        Assert.Equal(1, Sum(checks, Tag("kind", "text"), Tag("result", "risky"), Tag("source", "upstream")));
        Assert.Equal(1, Sum(checks, Tag("kind", "text"), Tag("result", "risky"), Tag("source", "cache")));
        Assert.Equal(1, Sum(checks, Tag("kind", "image"), Tag("result", "pass"), Tag("source", "upstream")));
        Assert.Equal(1, Sum(hits, Tag("kind", "text")));
        Assert.Equal(2, Sum(misses));
        var tagValues = new[] { checks, hits, misses }.SelectMany(c => c.GetMeasurementSnapshot()).SelectMany(m => m.Tags.Values)
            .Concat(durations.GetMeasurementSnapshot().SelectMany(m => m.Tags.Values));
        Assert.DoesNotContain(tagValues, v => v is string text && text.Contains("yuuo", StringComparison.Ordinal));
    }

    [Fact]
    public void FailOpen_IsCountedByReason()
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o => { o.AppId = "wx"; o.AppSecret = "s"; });
        using var provider = services.BuildServiceProvider();
        using var allowed = Collect<long>(provider, "wechat.security.unchecked_allowed");
        var recorder = provider.GetRequiredService<AspNetCore.WeChatSecurity.Checks.WeChatFailOpenRecorder>();

        recorder.Record(WeChatUnavailableReason.CircuitOpen);
        recorder.Record(WeChatUnavailableReason.TransientFailure);
        recorder.Record(WeChatUnavailableReason.TransientFailure);

        Assert.Equal(1, Sum(allowed, Tag("reason", "circuit_open")));
        Assert.Equal(2, Sum(allowed, Tag("reason", "transient_failure")));
        Assert.Equal(3, recorder.Count);
        Assert.Equal(2, recorder.CountFor(WeChatUnavailableReason.TransientFailure));
    }

    [Fact]
    public async Task Gauges_ReportBreakerAndQuotaGateState()
    {
        await using var harness = new ClientHarness();
        using var gates = Collect<int>(harness.Services, "wechat.security.quota_gate.shut");
        using var breaker = Collect<int>(harness.Services, "wechat.security.circuit_breaker.state");
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : """{"errcode":45009}"""));

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default));
        gates.RecordObservableInstruments();
        breaker.RecordObservableInstruments();

        Assert.Equal(1, Sum(gates, Tag("kind", "image")));
        Assert.Equal(0, Sum(gates, Tag("kind", "text")));
        Assert.Contains(breaker.GetMeasurementSnapshot(), m => m.Value == 0);
    }

    /// <summary>Scoped to the container's meter factory, so parallel tests do not see each other's measurements.</summary>
    private static MetricCollector<T> Collect<T>(IServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), WeChatSecurityMetrics.MeterName, instrument);

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);

    private static double Sum<T>(MetricCollector<T> collector, params KeyValuePair<string, object?>[] tags)
        where T : struct =>
        collector.GetMeasurementSnapshot().ContainsTags(tags).Sum(m => Convert.ToDouble(m.Value, System.Globalization.CultureInfo.InvariantCulture));
}
