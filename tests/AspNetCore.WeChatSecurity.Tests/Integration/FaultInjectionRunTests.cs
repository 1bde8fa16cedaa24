using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// Risky and clean content, text and images, through a real application while the emulator injects every kind of
/// fault at random (seeded): no fault may ever let risky content through by mistake.
/// </summary>
public sealed class FaultInjectionRunTests(ITestOutputHelper output)
{
    private const int Requests = 1500;
    private const int Seed = 20261129;
    private const double FractionPerKind = 0.07;

    private static readonly WeChatEmulatorFault[] AnyEndpointFaults =
    [
        WeChatEmulatorFault.SystemBusy,
        WeChatEmulatorFault.ServerError(502),
        WeChatEmulatorFault.ConnectionReset,
        WeChatEmulatorFault.MalformedJson,
        WeChatEmulatorFault.EmptyObject,
        WeChatEmulatorFault.ErrorMessageOnly,
        WeChatEmulatorFault.NonNumericErrorCode,
    ];

    [Fact]
    public async Task FailureModeBlock_NoRiskyItemReachesAnAction_AndNothingFaultedIsCached()
    {
        var run = await RunAsync(WeChatFailureMode.Block);

        Assert.Equal(0, run.RiskyPublished);
        Assert.Equal(0, run.CleanRejected);
        Assert.Equal(0, run.Unexpected);
        Assert.Equal(0, run.UnavailableWithoutRetryAfter);
        Assert.True(run.Unavailable > 0, "The run injected no fault that outlived the retries: it tests nothing.");
        Assert.Equal(0, run.FailOpen);
        Assert.Equal(0, run.ErrorLogs);
        Assert.True(run.FaultsByKind.Count >= AnyEndpointFaults.Length + 1, "Not every fault kind was injected.");

        // Once the faults stop, every item gets its real verdict: nothing faulted was cached as a pass.
        Assert.Equal(run.RiskyItems, run.RiskyRejectedAfter);
        Assert.Equal(run.CleanItems, run.CleanPublishedAfter);
    }

    [Fact]
    public async Task FailureModeAllow_OnlyFaultAffectedItemsPass_EachLoggedAndCounted()
    {
        var run = await RunAsync(WeChatFailureMode.Allow);

        Assert.True(run.RiskyPublished > 0, "No risky item met a fault that outlived the retries: the run tests nothing.");
        Assert.Equal(0, run.RiskyPublishedWithoutFailOpen);
        Assert.Equal(0, run.CleanRejected);
        Assert.Equal(0, run.Unexpected);
        Assert.Equal(0, run.Unavailable);
        Assert.Equal(run.FailOpen, run.FailOpenLogs);
        Assert.Equal(0, run.ErrorLogs);
        Assert.Equal(run.RiskyItems, run.RiskyRejectedAfter);
        Assert.Equal(run.CleanItems, run.CleanPublishedAfter);
    }

    // A cold start under a burst, with WeChat failing 45 % of the calls: retries carry most checks through, and the
    // defaults keep the breaker closed (with 0.5 and 20 calls it opened and refused everything for its break).
    [Fact]
    public async Task ColdStartBurst_WithManyFailures_DoesNotOpenTheBreakerWithTheDefaults()
    {
        var logs = new FakeLogCollector();
        await using var app = await IntegrationApp.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs)));
        app.Emulator.FailFraction(WeChatEmulatorFault.ServerError(502), 0.45, WeChatEmulatorEndpoint.MsgSecCheck);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await app.Client.PostAsJsonAsync("/minimal/comments", new { title = $"标题 {i}", comment = $"写得很好 {i}" });
            return response.StatusCode;
        }));

        Assert.DoesNotContain(logs.GetSnapshot(), e => e.Id.Name == "CircuitOpened");
        Assert.True(responses.Count(status => status == HttpStatusCode.OK) >= 200, $"{responses.Count(status => status == HttpStatusCode.OK)} of 300 passed.");
        Assert.All(responses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
    }

    private async Task<RunFigures> RunAsync(WeChatFailureMode mode)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero));
        var logs = new FakeLogCollector();
        await using var app = await IntegrationApp.StartAsync(
            o =>
            {
                o.FailureMode = mode;

                // v2 for text, so that a v2 answer without its result is among the faults.
                o.TextVersion = WeChatApiVersion.V2;
                o.OpenIdResolver = _ => IntegrationApp.OpenId;
            },
            services: s =>
            {
                s.AddSingleton<TimeProvider>(time);
                s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs));
            });
        foreach (var fault in AnyEndpointFaults)
        {
            app.Emulator.FailFraction(fault, FractionPerKind, WeChatEmulatorEndpoint.MsgSecCheck);
            app.Emulator.FailFraction(fault, FractionPerKind, WeChatEmulatorEndpoint.ImgSecCheck);
        }

        app.Emulator.FailFraction(WeChatEmulatorFault.MissingResult, FractionPerKind, WeChatEmulatorEndpoint.MsgSecCheck);
        var failOpen = app.App.Services.GetRequiredService<WeChatFailOpenRecorder>();
        var random = new Random(Seed);
        var figures = new RunFigures();
        var items = new List<Item>();

        for (var i = 0; i < Requests; i++)
        {
            // Time moves on, so that an open circuit breaker closes again within the run.
            time.Advance(TimeSpan.FromSeconds(1));
            var item = new Item(i, Risky: random.Next(2) == 0, Image: random.Next(5) == 0);
            items.Add(item);
            var failOpenBefore = failOpen.Count;
            using var response = await SendAsync(app, item);
            var failedOpen = failOpen.Count > failOpenBefore;
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK when item.Risky:
                    figures.RiskyPublished++;
                    figures.RiskyPublishedWithoutFailOpen += failedOpen ? 0 : 1;
                    break;
                case HttpStatusCode.OK:
                    break;
                case HttpStatusCode.UnprocessableEntity when !item.Risky:
                    figures.CleanRejected++;
                    break;
                case HttpStatusCode.UnprocessableEntity:
                    figures.Rejected++;
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    figures.Unavailable++;
                    figures.UnavailableWithoutRetryAfter += response.Headers.RetryAfter is null ? 1 : 0;
                    break;
                default:
                    figures.Unexpected++;
                    break;
            }
        }

        figures.FailOpen = failOpen.Count;
        var entries = logs.GetSnapshot();
        figures.FailOpenLogs = entries.Count(e => e.Id.Name == nameof(WeChatCheckLog.UnavailableAllowed));
        figures.ErrorLogs = entries.Count(e => e.Level >= LogLevel.Error);
        foreach (var kind in entries.Where(e => e.Id.Name == "FaultInjected").Select(e => e.GetStructuredStateValue("Kind")!))
        {
            figures.FaultsByKind[kind] = figures.FaultsByKind.GetValueOrDefault(kind) + 1;
        }

        figures.UpstreamCalls = app.TextCalls + app.ImageCalls;

        // The faults stop: once the breaker's break is over, every item gets its real verdict.
        app.Emulator.ClearFaults();
        time.Advance(TimeSpan.FromMinutes(1));
        foreach (var item in items)
        {
            using var response = await SendAsync(app, item);
            if (item.Risky)
            {
                figures.RiskyItems++;
                figures.RiskyRejectedAfter += response.StatusCode == HttpStatusCode.UnprocessableEntity ? 1 : 0;
            }
            else
            {
                figures.CleanItems++;
                figures.CleanPublishedAfter += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }
        }

        output.WriteLine($"FailureMode {mode}: {figures}");
        return figures;
    }

    private static Task<HttpResponseMessage> SendAsync(IntegrationApp app, Item item)
    {
        if (item.Image)
        {
            var form = new MultipartFormDataContent();
            var image = new ByteArrayContent((item.Risky ? WeChatEmulator.RiskyTestImage : WeChatEmulator.SafeTestImage).ToArray());
            image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(image, "avatar", "avatar.png");
            return app.Client.PostAsync("/minimal/avatar", form);
        }

        // Every text is new, so that each one is checked upstream and meets the faults.
        var comment = item.Risky ? $"{WeChatEmulatorOptions.OfficialRiskyText1} {item.Number}" : $"写得很好，谢谢分享 {item.Number}";
        return app.Client.PostAsJsonAsync("/minimal/comments", new { title = $"标题 {item.Number}", comment });
    }

    private sealed record Item(int Number, bool Risky, bool Image);

    private sealed class RunFigures
    {
        public int RiskyPublished { get; set; }

        public int RiskyPublishedWithoutFailOpen { get; set; }

        public int CleanRejected { get; set; }

        public int Rejected { get; set; }

        public int Unavailable { get; set; }

        public int UnavailableWithoutRetryAfter { get; set; }

        public int Unexpected { get; set; }

        public long FailOpen { get; set; }

        public int FailOpenLogs { get; set; }

        public int ErrorLogs { get; set; }

        public int UpstreamCalls { get; set; }

        public SortedDictionary<string, int> FaultsByKind { get; } = new(StringComparer.Ordinal);

        public int RiskyItems { get; set; }

        public int RiskyRejectedAfter { get; set; }

        public int CleanItems { get; set; }

        public int CleanPublishedAfter { get; set; }

        public override string ToString() =>
            $"{Requests} requests, {UpstreamCalls} upstream check calls; faults: {string.Join(", ", FaultsByKind.Select(f => $"{f.Key} {f.Value}"))}; "
            + $"outcomes: 422 {Rejected}, 503 {Unavailable}, risky published {RiskyPublished} (fail-open counted {FailOpen}, logged {FailOpenLogs}), "
            + $"clean rejected {CleanRejected}, unexpected {Unexpected}, error logs {ErrorLogs}; after the faults: risky rejected {RiskyRejectedAfter}/{RiskyItems}, clean published {CleanPublishedAfter}/{CleanItems}";
    }
}
