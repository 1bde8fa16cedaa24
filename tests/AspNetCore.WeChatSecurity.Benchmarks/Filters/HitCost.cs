using System.Globalization;
using System.Runtime.InteropServices;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// What a cached verdict adds to a request in CPU time, side by side in one process: blocks of the unchecked and the
/// checked endpoint alternate (<see cref="HitPipelineBenchmarks"/>: each endpoint's own request delegate, no HTTP), and
/// each block is timed by the thread's own CPU clock, which other processes on a shared machine do not advance. The
/// filters alone (<see cref="FilterHitBenchmarks"/>) are timed the same way.
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
        var added = new double[rounds];
        var plainTotal = default(Sample);
        var checkedTotal = default(Sample);
        for (var round = 0; round < rounds; round++)
        {
            // Alternating which side goes first keeps a drift from favouring either.
            Sample p, c;
            if (round % 2 == 0)
            {
                p = Block(plain, RequestsPerBlock);
                c = Block(checkedRequest, RequestsPerBlock);
            }
            else
            {
                c = Block(checkedRequest, RequestsPerBlock);
                p = Block(plain, RequestsPerBlock);
            }

            plainTotal = plainTotal.Add(p);
            checkedTotal = checkedTotal.Add(c);
            added[round] = (c.CpuNanoseconds - p.CpuNanoseconds) / RequestsPerBlock;
        }

        Array.Sort(added);
        var requests = (double)rounds * RequestsPerBlock;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {name}:
              unchecked {plainTotal.CpuNanoseconds / requests,8:F0} ns {plainTotal.Bytes / requests,6:F0} B
              checked   {checkedTotal.CpuNanoseconds / requests,8:F0} ns {checkedTotal.Bytes / requests,6:F0} B
              added per request: median {added[rounds / 2]:F0} ns (quartiles {added[rounds / 4]:F0}..{added[3 * rounds / 4]:F0}), {(checkedTotal.Bytes - plainTotal.Bytes) / requests:F0} B; {100 * (checkedTotal.CpuNanoseconds / plainTotal.CpuNanoseconds - 1):F2} % of the request{Asynchronous(plainTotal, checkedTotal)}
            """));
    }

    private static void Alone(string name, Func<Task> invoke, int rounds)
    {
        Block(invoke, WarmUpRequests);
        var each = new double[rounds];
        var total = default(Sample);
        for (var round = 0; round < rounds; round++)
        {
            var sample = Block(invoke, RequestsPerBlock);
            total = total.Add(sample);
            each[round] = sample.CpuNanoseconds / RequestsPerBlock;
        }

        Array.Sort(each);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: median {each[rounds / 2]:F0} ns (quartiles {each[rounds / 4]:F0}..{each[3 * rounds / 4]:F0}), {total.Bytes / ((double)rounds * RequestsPerBlock):F0} B{Asynchronous(total, default)}"));
    }

    private static string Asynchronous(Sample a, Sample b) => a.Asynchronous + b.Asynchronous == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; {a.Asynchronous + b.Asynchronous} requests completed asynchronously (their CPU time is missing)");

    private static Sample Block(Func<Task> invoke, int requests)
    {
        var asynchronous = 0;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var started = ThreadCpuNanoseconds();
        for (var i = 0; i < requests; i++)
        {
            var task = invoke();
            if (!task.IsCompleted)
            {
                asynchronous++;
            }

            task.GetAwaiter().GetResult();
        }

        return new Sample(ThreadCpuNanoseconds() - started, GC.GetAllocatedBytesForCurrentThread() - bytes, asynchronous);
    }

    private static double ThreadCpuNanoseconds()
    {
        const int ThreadCpuTimeClock = 3;
        return ClockGetTime(ThreadCpuTimeClock, out var now) == 0
            ? (now.Seconds * 1e9) + now.Nanoseconds
            : throw new PlatformNotSupportedException("The thread CPU clock (clock_gettime) is not available here.");
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private readonly record struct Sample(double CpuNanoseconds, long Bytes, int Asynchronous)
    {
        public Sample Add(Sample other) => new(CpuNanoseconds + other.CpuNanoseconds, Bytes + other.Bytes, Asynchronous + other.Asynchronous);
    }
}
