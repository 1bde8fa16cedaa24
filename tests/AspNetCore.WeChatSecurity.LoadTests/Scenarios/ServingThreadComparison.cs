using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.App;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Measuring;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// What a cache hit adds to a request, resolved well below 1 %: the app's <see cref="RequestRecorder"/> measures each
/// request's CPU time on the thread that served it, while the client sends the undecorated endpoint, its identical twin
/// (the A/A control), the same behind a filter that only hands the request on (the floor: what the framework's filter
/// stage costs whatever the filter does), the same behind a filter doing only what any hit must (<see cref="BareHit"/>:
/// read, hash, one lookup), and the decorated one, equally often, in a seeded random order on every
/// connection.
/// Interleaving request by request puts the machine's noise on every kind alike, and the serving thread's CPU clock
/// counts only the code between the recorder's two readings: not the thread pool's spinning, the sockets' wake-ups or
/// the collections, which follow the machine's load and make process-level blocks on a shared machine differ by
/// several percent.
/// </summary>
internal static class ServingThreadComparison
{
    private const int KindsPerEndpoint = 5;
    private const int Undecorated = 0;
    private const int Twin = 1;
    private const int Floor = 2;
    private const int Bare = 3;
    private const int Decorated = 4;

    /// <summary>How many requests of one kind follow each other in the run in blocks: a few milliseconds of one kind.</summary>
    private const int Block = 250;

    /// <summary>The fraction of each kind's requests set aside at either end before averaging.</summary>
    private const double Trimmed = 0.05;

    public static async Task RunAsync(AppProcess app, LoadClient client, byte[] body, IReadOnlyList<Endpoint> endpoints, LoadSettings settings)
    {
        Report.Heading("Cost of a cache hit on the serving thread");
        if (!ThreadCpuClock.IsSupported)
        {
            Report.Line("Skipped: this measurement reads CLOCK_THREAD_CPUTIME_ID and runs on 64-bit Linux only.");
            return;
        }

        var perKind = settings.Pick(60_000, 15_000);
        var chunks = settings.Pick(40, 20);

        // A twin endpoint rather than the undecorated one under a second label: that one would then be sent twice as
        // often as the decorated one, its code and data hotter in the caches (in one run on the build machine, an
        // identical endpoint sent half as often read as 70 ns dearer).
        var paths = endpoints.SelectMany(endpoint => new[] { endpoint.Plain, endpoint.Twin, endpoint.Floor, endpoint.Bare, endpoint.Checked }).ToArray();

        // The twins and the recorder's own code warm up (tiered compilation) before the runs that count.
        await RecordAsync(app, client, body, paths, settings.Pick(20_000, 5000), seed: 1, block: 1);
        var clock = await app.ThreadClockAsync();
        var interleaved = await RecordAsync(app, client, body, paths, perKind, seed: 2, block: 1);
        var inBlocks = await RecordAsync(app, client, body, paths, perKind, seed: 3, block: Block);

        // One sentence a line: Markdown joins them into one paragraph.
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"Kestrel and HttpClient on loopback, {OverheadScenario.Connections} connections; for each endpoint {perKind:N0} requests undecorated, {perKind:N0} to an identical undecorated twin under another route (the A/A control), {perKind:N0} to the same behind a filter that only hands the request on (the floor), {perKind:N0} to the same behind a filter doing only what any cache hit must (the bare hit: read the bound comment, xxHash128 over its UTF-16 code units, one ConcurrentDictionary lookup) and {perKind:N0} decorated (all cache hits), in a seeded random order; twice: interleaved request by request (every connection mixes the kinds, so a decorated request finds the caches holding the other kinds' code and data), then in blocks of {Block} requests of one kind (as an app whose checked endpoint serves many requests in a row)."));
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"The app's first middleware reads the serving thread's CPU time (CLOCK_THREAD_CPUTIME_ID: resolution {clock.Resolution} ns; two readings back to back differ by {clock.BackToBack} ns, a constant in every sample) before and after the rest of the pipeline, and keeps the request if the pipeline completed before returning."));
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"CPU added by a hit: in each of {chunks} consecutive chunks of the run, the difference of the two kinds' trimmed means (the central {1 - (2 * Trimmed):P0} of their requests, decorated − undecorated), averaged over the chunks, with a 95 % bootstrap interval; the A/A control is computed alike (twin − undecorated), and its distance from zero is the method's resolution."));
        Report.Line("The hit's cost splits in two: the framework's filter stage (the floor − undecorated), which any check after model binding pays, and the library's own part (decorated − the floor); the library's part splits again into what any hit must do (bare − the floor) and what the library does beyond it (decorated − bare).");
        Report.Line("For comparison, the same difference by medians and by plain means: a hit does not shift every request alike (a request whose caches are cold pays more for it), so the median can miss part of the cost.");
        Report.Line("The share is of the app's whole CPU per undecorated request (all threads, Kestrel and garbage collection included), measured in the pairs above.");
        ReportRun(string.Create(CultureInfo.InvariantCulture, $"Interleaved request by request ({interleaved.Samples.Length:N0} requests; the app used {interleaved.ProcessCpuPerRequest.TotalMicroseconds:F1} µs per request, all kinds and the instrument included)"), interleaved.Samples, endpoints, chunks);
        ReportRun(string.Create(CultureInfo.InvariantCulture, $"In blocks of {Block} requests of one kind ({inBlocks.Samples.Length:N0} requests; the app used {inBlocks.ProcessCpuPerRequest.TotalMicroseconds:F1} µs per request)"), inBlocks.Samples, endpoints, chunks);
    }

    private static void ReportRun(string heading, RequestSample[] samples, IReadOnlyList<Endpoint> endpoints, int chunks)
    {
        Report.Line();
        Report.Line(heading + ":");
        Report.Line();
        Report.Line("| Endpoint | Serving-thread CPU, undecorated | Decorated, cache hit | CPU added by a hit (95 % interval) | Share of the app's CPU per request | The framework's filter stage (floor − undecorated) | The library's part (decorated − floor) | Any hit's own work (bare − floor) | The library beyond it (decorated − bare) | A/A control (95 % interval) | Added, by median / by plain mean | Completed synchronously (undecorated / twin / floor / bare / decorated) | Allocated added |");
        Report.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var warnings = new List<string>();
        for (var index = 0; index < endpoints.Count; index++)
        {
            var endpoint = endpoints[index];
            var slot = index * KindsPerEndpoint;
            var added = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Decorated, slot + Undecorated, TrimmedMean));
            var stage = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Floor, slot + Undecorated, TrimmedMean));
            var ours = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Decorated, slot + Floor, TrimmedMean));
            var bare = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Bare, slot + Floor, TrimmedMean));
            var beyond = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Decorated, slot + Bare, TrimmedMean));
            var control = Statistics.MeanWithInterval(ChunkDifferences(samples, chunks, slot + Twin, slot + Undecorated, TrimmedMean));
            var byMedian = ChunkDifferences(samples, chunks, slot + Decorated, slot + Undecorated, Median).Average();
            var byMean = ChunkDifferences(samples, chunks, slot + Decorated, slot + Undecorated, Mean).Average();
            var plain = Kept(samples, slot + Undecorated).ToArray();
            var decorated = Kept(samples, slot + Decorated).ToArray();
            var shares = Enumerable.Range(slot, KindsPerEndpoint).Select(kind => SynchronousShare(samples, kind)).ToArray();
            var whole = endpoint.ProcessCpuPerRequest.TotalNanoseconds;
            var sharesText = string.Join(" / ", shares.Select(share => share.ToString("P1", CultureInfo.InvariantCulture)));
            var allocated = decorated.Average(s => (double)s.AllocatedBytes) - plain.Average(s => (double)s.AllocatedBytes);
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {endpoint.Name} | {TrimmedMean(plain) / 1000:F2} µs | {TrimmedMean(decorated) / 1000:F2} µs | {Nanoseconds(added)} | {Percent(added, whole)} of {whole / 1000:F1} µs | {Nanoseconds(stage)}, {Percent(stage, whole)} | {Nanoseconds(ours)}, {Percent(ours, whole)} | {Nanoseconds(bare)}, {Percent(bare, whole)} | {Nanoseconds(beyond)}, {Percent(beyond, whole)} | {Nanoseconds(control)}, {Percent(control, whole)} | {byMedian:F0} ns / {byMean:F0} ns | {sharesText} | {allocated:N0} B |"));
            if (shares.Max() - shares.Min() > 0.02)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{endpoint.Name}: the kinds completed synchronously in different shares ({sharesText}), so the figures compare different mixes of requests."));
            }
        }

        foreach (var warning in warnings)
        {
            Report.Line();
            Report.Line($"Warning: {warning}");
        }
    }

    /// <summary>
    /// Sends <paramref name="perKind"/> requests of every kind, the kinds shuffled in rounds (each round
    /// <paramref name="block"/> requests of each kind in a row, the kinds in a seeded random order) so that they stay
    /// balanced through the run; returns what the app recorded, and the app's whole CPU time per request meanwhile.
    /// </summary>
    private static async Task<(RequestSample[] Samples, TimeSpan ProcessCpuPerRequest)> RecordAsync(AppProcess app, LoadClient client, byte[] body, string[] paths, int perKind, int seed, int block)
    {
        if (perKind % block != 0)
        {
            throw new ArgumentException($"{perKind} requests of a kind do not fill blocks of {block}.", nameof(perKind));
        }

        var random = new Random(seed);
        var schedule = new int[paths.Length * perKind];
        var order = new int[paths.Length];
        for (var round = 0; round < perKind / block; round++)
        {
            for (var kind = 0; kind < order.Length; kind++)
            {
                order[kind] = kind;
            }

            random.Shuffle(order);
            for (var position = 0; position < order.Length; position++)
            {
                schedule.AsSpan(((round * order.Length) + position) * block, block).Fill(order[position]);
            }
        }

        await app.RecordAsync(schedule.Length);
        var cpu = await app.CpuTimeAsync();
        var result = await client.RunAsync(schedule.Length, OverheadScenario.Connections, i => Requests.PostJson(paths[schedule[i]], body, schedule[i]));
        var cpuAfter = await app.CpuTimeAsync();
        var samples = await app.RecordedAsync();
        if (result.Count(200) != schedule.Length)
        {
            throw new InvalidOperationException($"The interleaved run was answered {result.DescribeStatuses()}; every request should have been 200.");
        }

        if (samples.Length != schedule.Length)
        {
            throw new InvalidOperationException($"The app recorded {samples.Length} of {schedule.Length} requests.");
        }

        return (samples, (cpuAfter - cpu) / schedule.Length);
    }

    /// <summary>
    /// Per consecutive chunk of the run, <paramref name="estimate"/> of kind <paramref name="slot"/>'s CPU times minus
    /// that of kind <paramref name="baseline"/>'s: per chunk, so that a slow drift of the machine cancels within each
    /// difference, and the chunks' spread gives the interval.
    /// </summary>
    private static double[] ChunkDifferences(RequestSample[] samples, int chunks, int slot, int baseline, Func<IEnumerable<RequestSample>, double> estimate)
    {
        var size = samples.Length / chunks;
        return Enumerable.Range(0, chunks).Select(chunk =>
        {
            var part = new ArraySegment<RequestSample>(samples, chunk * size, size);
            return estimate(Kept(part, slot)) - estimate(Kept(part, baseline));
        }).ToArray();
    }

    private static IEnumerable<RequestSample> Kept(IEnumerable<RequestSample> samples, int slot) =>
        samples.Where(sample => sample.Slot == slot && sample.CompletedSynchronously);

    /// <summary>
    /// The mean of the central requests: one that an interrupt, a page fault or a garbage collection caught costs many
    /// times the usual, on either side, and would widen the interval without saying anything about the hit.
    /// </summary>
    private static double TrimmedMean(IEnumerable<RequestSample> samples) => Statistics.TrimmedMean(CpuTimes(samples), Trimmed);

    private static double Median(IEnumerable<RequestSample> samples) => Statistics.Median(CpuTimes(samples));

    private static double Mean(IEnumerable<RequestSample> samples) => CpuTimes(samples).Average();

    private static IEnumerable<double> CpuTimes(IEnumerable<RequestSample> samples) => samples.Select(sample => (double)sample.CpuNanoseconds);

    private static double SynchronousShare(RequestSample[] samples, int slot) =>
        samples.Where(sample => sample.Slot == slot).Average(sample => sample.CompletedSynchronously ? 1d : 0d);

    private static string Nanoseconds((double Mean, double Low, double High) figure) =>
        string.Create(CultureInfo.InvariantCulture, $"{figure.Mean:F0} ns ({figure.Low:F0} to {figure.High:F0})");

    private static string Percent((double Mean, double Low, double High) figure, double whole) =>
        string.Create(CultureInfo.InvariantCulture, $"{figure.Mean / whole:P2} ({figure.Low / whole:P2} to {figure.High / whole:P2})");

    /// <summary>
    /// An endpoint undecorated, its identical twin, the same behind a pass-through filter, behind a bare hit's filter,
    /// and decorated, and the app's whole CPU per undecorated request from the block pairs.
    /// </summary>
    public sealed record Endpoint(string Name, string Plain, string Twin, string Floor, string Bare, string Checked, TimeSpan ProcessCpuPerRequest);
}
