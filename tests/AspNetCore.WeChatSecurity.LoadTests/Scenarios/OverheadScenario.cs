using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// What a cache hit costs a request, seen from outside: the same MVC action and minimal-API endpoint with and without
/// the check, served by Kestrel, driven by a real HTTP client on loopback. Blocks of undecorated and decorated requests
/// alternate (the order swapping every pair), so that a change in the machine's load falls on both sides alike; the
/// report gives the median of the per-pair ratios of requests per second and of the app's CPU time per request. These
/// show the whole picture (Kestrel, every thread, garbage collection) but cannot resolve 1 % on a shared machine;
/// <see cref="ServingThreadComparison"/> then resolves the hit's own cost request by request.
/// </summary>
internal static class OverheadScenario
{
    public const int Connections = 16;

    public static async Task RunAsync(LoadSettings settings)
    {
        // Many short pairs rather than a few long ones: on a shared machine the load changes within seconds, and the
        // two blocks of a short pair see the same load.
        var pairs = settings.Pick(40, 10);
        var block = settings.Pick(4000, 1500);
        var warmUp = settings.Pick(20_000, 5000);

        await using var emulator = await EmulatorHost.StartAsync(settings.Latency);
        await using var app = await AppProcess.StartAsync(emulator, settings.AppSettings());
        using var client = new LoadClient(app.Address, Connections);
        var body = Requests.CommentBody(Requests.TypicalComment);

        var endpoints = new[]
        {
            new Side("MVC action ([ApiController], JSON body)", "/mvc/plain", "/mvc/twin", "/mvc/floor", "/mvc/bare", "/mvc/check"),
            new Side("Minimal API endpoint", "/minimal/plain", "/minimal/twin", "/minimal/floor", "/minimal/bare", "/minimal/check"),
        };

        // Tiered compilation settles after tens of thousands of requests; the first one also caches the verdict.
        foreach (var side in endpoints)
        {
            await RunBlockAsync(app, client, side.Checked, body, 1);
            await RunBlockAsync(app, client, side.Plain, body, warmUp);
            await RunBlockAsync(app, client, side.Checked, body, warmUp);
        }

        var upstreamBefore = emulator.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        for (var pair = 0; pair < pairs; pair++)
        {
            foreach (var side in endpoints)
            {
                var plainFirst = pair % 2 == 0;
                var first = await RunBlockAsync(app, client, plainFirst ? side.Plain : side.Checked, body, block);
                var second = await RunBlockAsync(app, client, plainFirst ? side.Checked : side.Plain, body, block);
                side.Pairs.Add(plainFirst ? (first, second) : (second, first));
            }
        }

        var upstreamDuring = emulator.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck) - upstreamBefore;

        Report.Heading("Overhead of a cache hit");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Kestrel and HttpClient on loopback, {Connections} connections, {pairs} alternating pairs of {block:N0} requests a side; the app's CPU time per request; WeChat calls during the pairs: {upstreamDuring} (every decorated request was a cache hit)."));
        Report.Line();
        Report.Line("| Endpoint | Undecorated | Decorated, cache hit | Requests/s ratio, median (quartiles) | CPU/request ratio, median (quartiles) | CPU added per request, median | Allocated/request |");
        Report.Line("|---|---:|---:|---:|---:|---:|---:|");
        var measured = new List<ServingThreadComparison.Endpoint>();
        foreach (var side in endpoints)
        {
            var plain = Totals(side.Pairs.Select(p => p.Plain));
            measured.Add(new ServingThreadComparison.Endpoint(side.Name, side.Plain, side.Twin, side.Floor, side.Bare, side.Checked, plain.CpuPerRequest));
            var decorated = Totals(side.Pairs.Select(p => p.Checked));
            var throughput = side.Pairs.Select(p => p.Checked.RequestsPerSecond / p.Plain.RequestsPerSecond).ToArray();
            var cpu = side.Pairs.Select(p => p.Checked.CpuPerRequest / p.Plain.CpuPerRequest).ToArray();
            var added = Statistics.Median(side.Pairs.Select(p => (p.Checked.CpuPerRequest - p.Plain.CpuPerRequest).TotalMicroseconds));
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {side.Name} | {plain.RequestsPerSecond:N0} req/s, {plain.CpuPerRequest.TotalMicroseconds:F1} µs CPU | {decorated.RequestsPerSecond:N0} req/s, {decorated.CpuPerRequest.TotalMicroseconds:F1} µs CPU | {Ratio(throughput)} | {Ratio(cpu)} | {added:F2} µs | {plain.BytesPerRequest:N0} B → {decorated.BytesPerRequest:N0} B |"));
        }

        if (upstreamDuring != 0)
        {
            throw new InvalidOperationException($"{upstreamDuring} decorated requests missed the cache during the measured pairs.");
        }

        await ServingThreadComparison.RunAsync(app, client, body, measured, settings);
        var upstreamInterleaved = emulator.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck) - upstreamBefore;
        if (upstreamInterleaved != 0)
        {
            throw new InvalidOperationException($"{upstreamInterleaved} decorated requests missed the cache during the interleaved run.");
        }
    }

    private static string Ratio(double[] ratios) => string.Create(CultureInfo.InvariantCulture,
        $"{Statistics.Median(ratios):F3} ({Statistics.Quantile(ratios, 0.25):F3}–{Statistics.Quantile(ratios, 0.75):F3})");

    private static Block Totals(IEnumerable<Block> blocks) =>
        blocks.Aggregate((a, b) => new Block(a.Requests + b.Requests, a.Elapsed + b.Elapsed, a.Cpu + b.Cpu, a.Bytes + b.Bytes));

    private static async Task<Block> RunBlockAsync(AppProcess app, LoadClient client, string path, byte[] body, int requests)
    {
        var cpu = await app.CpuTimeAsync();
        var bytes = await app.AllocatedBytesAsync();
        var result = await client.RunAsync(requests, Math.Min(Connections, requests), _ => Requests.PostJson(path, body));
        var cpuAfter = await app.CpuTimeAsync();
        var bytesAfter = await app.AllocatedBytesAsync();
        if (result.Count(200) != requests)
        {
            throw new InvalidOperationException($"{path} answered {result.DescribeStatuses()}; every request should have been 200.");
        }

        return new Block(requests, result.Elapsed, cpuAfter - cpu, bytesAfter - bytes);
    }

    /// <summary>
    /// An endpoint undecorated, its identical twin (for the serving-thread comparison's A/A control), the same behind a
    /// filter that does nothing (the floor), behind a filter doing only a bare hit's work, and decorated.
    /// </summary>
    private sealed record Side(string Name, string Plain, string Twin, string Floor, string Bare, string Checked)
    {
        public List<(Block Plain, Block Checked)> Pairs { get; } = [];
    }

    private sealed record Block(int Requests, TimeSpan Elapsed, TimeSpan Cpu, long Bytes)
    {
        public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

        public TimeSpan CpuPerRequest => Cpu / Requests;

        public double BytesPerRequest => (double)Bytes / Requests;
    }
}
