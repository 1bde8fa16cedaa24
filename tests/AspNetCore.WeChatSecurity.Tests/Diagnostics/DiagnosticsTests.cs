using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Diagnostics;
using AspNetCore.WeChatSecurity.Tests.Api;
using AspNetCore.WeChatSecurity.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

public sealed class DiagnosticsTests
{
    [Fact]
    public async Task UpstreamCalls_AreTimedAndTaggedByApiAndOutcome()
    {
        await using var harness = new ClientHarness();
        using var collector = new MetricCollector(harness.Services.GetRequiredService<IMeterFactory>(), WeChatSecurityMetrics.MeterName);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : """{"errcode":87014,"errmsg":"risky content"}"""));

        await harness.Client.CheckTextAsync(new TextCheckRequest("x", 1), default);

        Assert.Equal(1, collector.Measurements.Count(m => m.Instrument == "wechat.security.upstream.duration" && Equals(m.Tags["api"], "stable_token") && Equals(m.Tags["outcome"], "ok")));
        Assert.Equal(1, collector.Measurements.Count(m => m.Instrument == "wechat.security.upstream.duration" && Equals(m.Tags["api"], "msg_sec_check") && Equals(m.Tags["outcome"], "errcode_87014")));
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

        await harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default);

        lock (spans)
        {
            var span = Assert.Single(spans, s => Equals(s.GetTagItem("wechat.api"), "img_sec_check"));
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(0, span.GetTagItem("wechat.errcode"));
        }
    }

    [Fact]
    public async Task HealthCheck_IsHealthy_DegradedWhileAGateIsShut_UnhealthyWithoutToken()
    {
        await using var harness = new ClientHarness(o => o.MaxRetryAttempts = 0, s => s.AddHealthChecks().AddWeChatContentSecurity());
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
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();
        await using var provider = services.BuildServiceProvider();
        using var collector = new MetricCollector(provider.GetRequiredService<IMeterFactory>(), WeChatSecurityMetrics.MeterName);
        var security = provider.GetRequiredService<IWeChatContentSecurity>();

        await security.CheckTextAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckTextAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulatorOptions.OfficialRiskyText1);
        await security.CheckImageAsync(AspNetCore.WeChatSecurity.Testing.WeChatEmulator.SafeTestImage);

        Assert.Equal(1, collector.Sum("wechat.security.checks", ("kind", "text"), ("result", "risky"), ("source", "upstream")));
        Assert.Equal(1, collector.Sum("wechat.security.checks", ("kind", "text"), ("result", "risky"), ("source", "cache")));
        Assert.Equal(1, collector.Sum("wechat.security.checks", ("kind", "image"), ("result", "pass"), ("source", "upstream")));
        Assert.Equal(1, collector.Sum("wechat.security.cache.hits", ("kind", "text")));
        Assert.Equal(2, collector.Sum("wechat.security.cache.misses"));
        Assert.DoesNotContain(collector.Measurements, m => m.Tags.Values.Any(v => v is string text && text.Contains("yuuo", StringComparison.Ordinal)));
    }

    [Fact]
    public void FailOpen_IsCountedByReason()
    {
        var services = new ServiceCollection();
        services.AddWeChatContentSecurity(o => { o.AppId = "wx"; o.AppSecret = "s"; });
        using var provider = services.BuildServiceProvider();
        using var collector = new MetricCollector(provider.GetRequiredService<IMeterFactory>(), WeChatSecurityMetrics.MeterName);
        var recorder = provider.GetRequiredService<AspNetCore.WeChatSecurity.Checks.WeChatFailOpenRecorder>();

        recorder.Record(WeChatUnavailableReason.CircuitOpen);
        recorder.Record(WeChatUnavailableReason.TransientFailure);
        recorder.Record(WeChatUnavailableReason.TransientFailure);

        Assert.Equal(1, collector.Sum("wechat.security.unchecked_allowed", ("reason", "circuit_open")));
        Assert.Equal(2, collector.Sum("wechat.security.unchecked_allowed", ("reason", "transient_failure")));
        Assert.Equal(3, recorder.Count);
        Assert.Equal(2, recorder.CountFor(WeChatUnavailableReason.TransientFailure));
    }

    [Fact]
    public async Task Gauges_ReportBreakerAndQuotaGateState()
    {
        await using var harness = new ClientHarness();
        using var collector = new MetricCollector(harness.Services.GetRequiredService<IMeterFactory>(), WeChatSecurityMetrics.MeterName);
        harness.Handler.Responder = r => Task.FromResult(FakeWeChatHandler.Json(r.Path.StartsWith("/cgi-bin", StringComparison.Ordinal)
            ? """{"access_token":"T","expires_in":7200}"""
            : """{"errcode":45009}"""));

        await Assert.ThrowsAsync<WeChatUnavailableException>(() => harness.Client.CheckImageAsync(new ImageCheckRequest(new byte[] { 1 }, "image/png", "a.png"), default));
        collector.RecordObservables();

        Assert.Equal(1, collector.Sum("wechat.security.quota_gate.shut", ("kind", "image")));
        Assert.Equal(0, collector.Sum("wechat.security.quota_gate.shut", ("kind", "text")));
        Assert.Contains(collector.Measurements, m => m.Instrument == "wechat.security.circuit_breaker.state" && m.Value == 0);
    }
}
