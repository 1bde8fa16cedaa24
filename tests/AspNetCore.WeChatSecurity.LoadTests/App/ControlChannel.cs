using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AspNetCore.WeChatSecurity.Measuring;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// The child's side of the line protocol on stdin/stdout: the load tool asks for what only the process itself can
/// measure precisely (its CPU time in nanoseconds, its heap after a full collection, its peak resident memory, the
/// verdict cache's size, the samples of <see cref="RequestRecorder"/>) without adding requests to the load being measured.
/// End of input stops the app, so a child never outlives the tool.
/// </summary>
internal sealed class ControlChannel(IServiceProvider services, TextReader input, TextWriter output)
{
    public const string Ready = "ready";

    public async Task RunAsync(Uri address)
    {
        using var sampler = new MemorySampler();
        await Reply($"{Ready} {address}");
        while (await input.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words.FirstOrDefault())
            {
                case "cpu":
                    await Reply(Environment.CpuUsage.TotalTime.Ticks * 100);
                    break;
                case "allocated":
                    await Reply(GC.GetTotalAllocatedBytes(precise: true));
                    break;
                case "heap":
                    await Reply(CollectedHeapBytes());
                    break;
                case "entries":
                    await Reply(services.GetRequiredService<VerdictCache>().Count);
                    break;
                case "fill":
                    await Reply(await FillAsync(int.Parse(words[1], CultureInfo.InvariantCulture), words[2]));
                    break;
                case "record":
                    services.GetRequiredService<RequestRecorder>().Start(int.Parse(words[1], CultureInfo.InvariantCulture));
                    await Reply(0);
                    break;
                case "recorded":
                    await Reply(Convert.ToBase64String(MemoryMarshal.AsBytes(services.GetRequiredService<RequestRecorder>().Stop())));
                    break;
                case "thread-clock":
                    await Reply($"{ThreadCpuClock.ResolutionNanoseconds()} {BackToBackReading()}");
                    break;
                case "peak-reset":
                    sampler.Reset();
                    await Reply(MemorySampler.CurrentResidentBytes);
                    break;
                case "peak":
                    await Reply($"{MemorySampler.PeakResidentBytes} {sampler.PeakManagedBytes}");
                    break;
                case "quit":
                    return;
                default:
                    await Reply($"unknown command '{line}'");
                    break;
            }
        }
    }

    private static long CollectedHeapBytes()
    {
        // Twice, so that objects kept alive only by finalizers in the first pass are gone in the second.
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>
    /// What a thread CPU reading costs inside the interval it measures: the median of many pairs of readings taken back
    /// to back. It is in every sample, decorated or not, so it cancels in a difference; it shows that it is a constant.
    /// </summary>
    private static long BackToBackReading()
    {
        var readings = new long[20_001];
        for (var i = 0; i < readings.Length; i++)
        {
            var before = ThreadCpuClock.Nanoseconds();
            readings[i] = ThreadCpuClock.Nanoseconds() - before;
        }

        Array.Sort(readings);
        return readings[readings.Length / 2];
    }

    /// <summary>
    /// Checks <paramref name="count"/> distinct texts through <see cref="IWeChatContentSecurity"/>, as many requests
    /// would, but without HTTP: filling a cache of 100,000 verdicts over HTTP would measure the client more than the cache.
    /// </summary>
    private async Task<long> FillAsync(int count, string prefix)
    {
        var security = services.GetRequiredService<IWeChatContentSecurity>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            var verdict = await security.CheckTextAsync(
                string.Create(CultureInfo.InvariantCulture, $"{prefix} #{i}: 这篇文章写得很好，讲清楚了缓存和单飞的取舍。"),
                cancellationToken: cancellationToken);
            if (verdict.Suggestion != WeChatSuggestion.Pass)
            {
                throw new InvalidOperationException($"Text {i} was not passed: {verdict.Suggestion}.");
            }
        });
        return stopwatch.ElapsedMilliseconds;
    }

    private async Task Reply<T>(T value)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{value}"));
        await output.FlushAsync();
    }
}
