using System.Diagnostics;
using System.Globalization;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// The overhead ratio measured side by side in one process: blocks of undecorated and decorated requests alternate, so
/// that a change in the machine's load falls on both sides alike. BenchmarkDotNet runs each benchmark in a process of
/// its own, seconds apart; on a shared machine that spread can exceed the few per cent being measured.
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

        var ratios = new double[rounds];
        var plain = default(Totals);
        var checkedTotals = default(Totals);
        for (var round = 0; round < rounds; round++)
        {
            // Alternating which side goes first keeps a steady drift in load from favouring either.
            var (first, second) = round % 2 == 0 ? (undecorated, decorated) : (decorated, undecorated);
            var a = RunBlock(first, InvocationsPerBlock);
            var b = RunBlock(second, InvocationsPerBlock);
            var (p, c) = round % 2 == 0 ? (a, b) : (b, a);
            plain = plain.Add(p);
            checkedTotals = checkedTotals.Add(c);
            ratios[round] = c.Elapsed.TotalNanoseconds / p.Elapsed.TotalNanoseconds;
        }

        Array.Sort(ratios);
        var requests = (double)rounds * InvocationsPerBlock * FilterOverheadBenchmarks.Batch;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {category}: {rounds} rounds of {InvocationsPerBlock * FilterOverheadBenchmarks.Batch} requests a side
              Undecorated      {plain.Elapsed.TotalMicroseconds / requests,8:F2} us/request {plain.Bytes / requests,8:F0} B/request
              DecoratedCached  {checkedTotals.Elapsed.TotalMicroseconds / requests,8:F2} us/request {checkedTotals.Bytes / requests,8:F0} B/request
              ratio of totals {checkedTotals.Elapsed / plain.Elapsed:F3}; per round: median {ratios[rounds / 2]:F3}, quartiles {ratios[rounds / 4]:F3}..{ratios[3 * rounds / 4]:F3}
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
