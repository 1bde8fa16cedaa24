using System.Globalization;
using AspNetCore.WeChatSecurity.Measuring;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// What a cached verdict adds to a request in CPU time, side by side in one process: blocks of the unchecked and the
/// checked endpoint alternate (<see cref="AlternatingRounds"/>; <see cref="HitPipelineBenchmarks"/>: each endpoint's
/// own request delegate, no HTTP), and each block is timed by the thread's own CPU clock (<see cref="ThreadCpuClock"/>),
/// which other processes on a shared machine do not advance. The filters alone (<see cref="FilterHitBenchmarks"/>) are
/// timed the same way.
/// </summary>
/// <remarks>
/// Run with <c>dotnet run -c Release --project tests/AspNetCore.WeChatSecurity.Benchmarks -- --hit-cost [rounds]</c>.
/// Every measured request completes synchronously on the calling thread (a cache hit, a body in memory, a response to
/// <see cref="Stream.Null"/>), so the thread's clock sees all of its work; a request that did not is counted and reported.
/// </remarks>
internal static class HitCost
{
    private const int RequestsPerBlock = 2000;
    private const int WarmUpRequests = 60_000;

    public static void Run(int rounds)
    {
        if (!ThreadCpuClock.IsSupported)
        {
            throw new PlatformNotSupportedException("--hit-cost reads the thread CPU clock (CLOCK_THREAD_CPUTIME_ID) and runs on 64-bit Linux only.");
        }

        var pipeline = new HitPipelineBenchmarks();
        pipeline.Setup();
        var filters = new FilterHitBenchmarks();
        filters.Setup();
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {RequestsPerBlock} requests a side; thread CPU time per request"));
            Compare("MVC action, cache hit", () => pipeline.InvokeAsync("/mvc/plain"), () => pipeline.InvokeAsync("/mvc/check"), rounds);
            Compare("MVC action, empty action filter", () => pipeline.InvokeAsync("/mvc/plain"), () => pipeline.InvokeAsync("/mvc/empty-filter"), rounds);
            Compare("Minimal API, cache hit", () => pipeline.InvokeAsync("/minimal/plain"), () => pipeline.InvokeAsync("/minimal/check"), rounds);
            Compare("Minimal API, empty endpoint filter", () => pipeline.InvokeAsync("/minimal/plain"), () => pipeline.InvokeAsync("/minimal/empty-filter"), rounds);
            Alone("MVC action filter alone", filters.MvcActionFilter, rounds);
            Alone("Endpoint filter alone", () => filters.EndpointFilter().AsTask(), rounds);
        }
        finally
        {
            filters.Cleanup();
            pipeline.Cleanup();
        }
    }

    private static void Compare(string name, Func<Task> plain, Func<Task> checkedRequest, int rounds)
    {
        Block(plain, WarmUpRequests);
        Block(checkedRequest, WarmUpRequests);
        var samples = AlternatingRounds.Run(rounds, () => Block(plain, RequestsPerBlock), () => Block(checkedRequest, RequestsPerBlock));
        var plainTotal = samples.Aggregate(default(Sample), static (total, round) => total.Add(round.Plain));
        var checkedTotal = samples.Aggregate(default(Sample), static (total, round) => total.Add(round.Checked));
        var added = Spread.Of(samples.Select(static round => (round.Checked.CpuNanoseconds - round.Plain.CpuNanoseconds) / RequestsPerBlock));
        var requests = (double)rounds * RequestsPerBlock;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {name}:
              unchecked {plainTotal.CpuNanoseconds / requests,8:F0} ns {plainTotal.Bytes / requests,6:F0} B
              checked   {checkedTotal.CpuNanoseconds / requests,8:F0} ns {checkedTotal.Bytes / requests,6:F0} B
              added per request: median {added.Median:F0} ns (quartiles {added.LowerQuartile:F0}..{added.UpperQuartile:F0}), {(checkedTotal.Bytes - plainTotal.Bytes) / requests:F0} B; {100 * (checkedTotal.CpuNanoseconds / plainTotal.CpuNanoseconds - 1):F2} % of the request{Asynchronous(plainTotal, checkedTotal)}
            """));
    }

    private static void Alone(string name, Func<Task> invoke, int rounds)
    {
        Block(invoke, WarmUpRequests);
        var samples = Enumerable.Range(0, rounds).Select(_ => Block(invoke, RequestsPerBlock)).ToArray();
        var total = samples.Aggregate(default(Sample), static (sum, sample) => sum.Add(sample));
        var each = Spread.Of(samples.Select(static sample => sample.CpuNanoseconds / RequestsPerBlock));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {each.Median:F0} ns (quartiles {each.LowerQuartile:F0}..{each.UpperQuartile:F0}), {total.Bytes / ((double)rounds * RequestsPerBlock):F0} B{Asynchronous(total, default)}"));
    }

    private static string Asynchronous(Sample a, Sample b) => a.Asynchronous + b.Asynchronous == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; {a.Asynchronous + b.Asynchronous} requests completed asynchronously (their CPU time is missing)");

    private static Sample Block(Func<Task> invoke, int requests)
    {
        var asynchronous = 0;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = ThreadCpuClock.Nanoseconds();
        for (var i = 0; i < requests; i++)
        {
            var task = invoke();
            if (!task.IsCompleted)
            {
                asynchronous++;
            }

            task.GetAwaiter().GetResult();
        }

        return new Sample(ThreadCpuClock.Nanoseconds() - started, GC.GetAllocatedBytesForCurrentThread() - bytes, asynchronous);
    }

    private readonly record struct Sample(double CpuNanoseconds, long Bytes, int Asynchronous)
    {
        public Sample Add(Sample other) => new(CpuNanoseconds + other.CpuNanoseconds, Bytes + other.Bytes, Asynchronous + other.Asynchronous);
    }
}
