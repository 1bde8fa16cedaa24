using System.Diagnostics;
using System.Globalization;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// The overhead ratio in wall time, side by side in one process: blocks of undecorated and decorated requests through
/// the test server's client alternate (<see cref="AlternatingRounds"/>), so that a change in the machine's load falls
/// on both sides alike. The requests hop threads, so a thread's CPU clock would miss their work: <see cref="HitCost"/>
/// measures CPU time without the client.
/// </summary>
/// <remarks>Run with <c>dotnet run -c Release --project tests/AspNetCore.WeChatSecurity.Benchmarks -- --interleaved [rounds]</c>.</remarks>
internal static class InterleavedOverhead
{
    private const int InvocationsPerBlock = 50;

    // About 100,000 requests a side, for tiered compilation to settle: with a tenth of that, MVC requests still took
    // twice their steady time, and the first measured side paid for it.
    private const int WarmUpInvocations = 3000;

    public static void Run(int rounds)
    {
        var benchmarks = new FilterOverheadBenchmarks();
        benchmarks.Setup();
        try
        {
            Measure("Mvc", benchmarks.Undecorated, benchmarks.DecoratedCached, rounds);
            Measure("MinimalApi", benchmarks.MinimalUndecorated, benchmarks.MinimalDecoratedCached, rounds);
            Measure("MinimalApi, an empty endpoint filter for reference", benchmarks.MinimalUndecorated, benchmarks.MinimalEmptyFilter, rounds);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Measure(string category, Func<Task> undecorated, Func<Task> decorated, int rounds)
    {
        RunBlock(undecorated, WarmUpInvocations);
        RunBlock(decorated, WarmUpInvocations);

        var samples = AlternatingRounds.Run(rounds, () => RunBlock(undecorated, InvocationsPerBlock), () => RunBlock(decorated, InvocationsPerBlock));
        var plain = samples.Aggregate(default(Totals), static (total, round) => total.Add(round.Plain));
        var checkedTotals = samples.Aggregate(default(Totals), static (total, round) => total.Add(round.Checked));
        var ratios = Spread.Of(samples.Select(static round => round.Checked.Elapsed.TotalNanoseconds / round.Plain.Elapsed.TotalNanoseconds));
        var requests = (double)rounds * InvocationsPerBlock * FilterOverheadBenchmarks.Batch;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {category}: {rounds} rounds of {InvocationsPerBlock * FilterOverheadBenchmarks.Batch} requests a side
              Undecorated      {plain.Elapsed.TotalMicroseconds / requests,8:F2} us/request {plain.Bytes / requests,8:F0} B/request
              DecoratedCached  {checkedTotals.Elapsed.TotalMicroseconds / requests,8:F2} us/request {checkedTotals.Bytes / requests,8:F0} B/request
              ratio of totals {checkedTotals.Elapsed / plain.Elapsed:F3}; per round: median {ratios.Median:F3}, quartiles {ratios.LowerQuartile:F3}..{ratios.UpperQuartile:F3}
            """));
    }

    private static Totals RunBlock(Func<Task> invoke, int invocations)
    {
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        RunAsync(invoke, invocations).GetAwaiter().GetResult();
        stopwatch.Stop();
        return new Totals(stopwatch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - bytes);
    }

    private static async Task RunAsync(Func<Task> invoke, int invocations)
    {
        for (var i = 0; i < invocations; i++)
        {
            await invoke();
        }
    }

    private readonly record struct Totals(TimeSpan Elapsed, long Bytes)
    {
        public Totals Add(Totals other) => new(Elapsed + other.Elapsed, Bytes + other.Bytes);
    }
}
