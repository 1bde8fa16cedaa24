using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// Identical content is checked once: requests whose texts follow a Zipf distribution (a few texts very often, most
/// rarely, as comments and replies do), many at once, so that concurrent misses of one text are common. Every distinct
/// text should cost exactly one WeChat call, however many requests carried it and however many of them overlapped.
/// </summary>
internal static class ZipfScenario
{
    private const int Connections = 64;
    private const double Exponent = 1.0;

    public static async Task RunAsync(LoadSettings settings)
    {
        var requests = settings.Pick(60_000, 10_000);
        // Fewer distinct texts than the 4000 calls a minute WeChat allows, so that the limiter never refuses one.
        var population = settings.Pick(3500, 1500);

        await using var emulator = await EmulatorHost.StartAsync(settings.Latency);
        await using var app = await AppProcess.StartAsync(emulator, settings.AppSettings());
        using var client = new LoadClient(app.Address, Connections);

        var sample = Sample(requests, population, seed: 2026);
        var bodies = new byte[population][];
        var result = await client.RunAsync(requests, Connections, i =>
        {
            var rank = sample[i];
            var body = Volatile.Read(ref bodies[rank]) ?? (bodies[rank] = Requests.CommentBody(Requests.DistinctComment(rank)));
            return Requests.PostJson(i % 2 == 0 ? "/mvc/check" : "/minimal/check", body);
        });

        var distinct = sample.Distinct().Count();
        var upstream = emulator.Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        Report.Heading("Identical content is checked once (Zipf workload)");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"{requests:N0} requests over {Connections} connections (MVC and minimal API alternately), texts drawn from {population:N0} by a Zipf law (s = {Exponent}, seed 2026), WeChat answering after {settings.Latency.TotalMilliseconds:F0} ms."));
        Report.Line();
        Report.Line("| Requests | Distinct texts | WeChat msg_sec_check calls | Calls per distinct text | Answers | Requests/s |");
        Report.Line("|---:|---:|---:|---:|---|---:|");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"| {requests:N0} | {distinct:N0} | {upstream:N0} | {(double)upstream / distinct:F3} | {result.DescribeStatuses()} | {result.RequestsPerSecond:N0} |"));
    }

    /// <summary>Ranks 0..population-1, rank k drawn with probability proportional to 1/(k+1)^s.</summary>
    private static int[] Sample(int count, int population, int seed)
    {
        var cumulative = new double[population];
        var total = 0d;
        for (var k = 0; k < population; k++)
        {
            total += 1 / Math.Pow(k + 1, Exponent);
            cumulative[k] = total;
        }

        var random = new Random(seed);
        var sample = new int[count];
        for (var i = 0; i < count; i++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            sample[i] = Math.Min(index < 0 ? ~index : index, population - 1);
        }

        return sample;
    }
}
