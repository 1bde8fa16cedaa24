using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.App;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// What a cached verdict costs in memory, and that <c>MaxEntries</c> bounds it: the app's heap after full collections,
/// before and after checking many distinct texts, once with room for all of them and once with a tenth of the room.
/// </summary>
internal static class VerdictMemoryScenario
{
    public static async Task RunAsync(LoadSettings settings)
    {
        var entries = settings.Pick(100_000, 20_000);
        var rows = new List<string>();

        // Twice the texts for the smaller cache: an unbounded one would keep them all.
        foreach (var (maxEntries, texts) in new[] { (entries, entries), (entries / 10, entries * 2) })
        {
            await using var emulator = await EmulatorHost.StartAsync(
                TimeSpan.Zero,
                options => options.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = WeChatEmulatorQuota.Unlimited);
            await using var app = await AppProcess.StartAsync(emulator, new Dictionary<string, string>(settings.AppSettings())
            {
                ["WeChatSecurity:Resilience:TextChecksPerMinute"] = "1000000",
                [LoadApp.LiftCallLimitsKey] = "true",
                ["WeChatSecurity:Cache:MaxEntries"] = maxEntries.ToString(CultureInfo.InvariantCulture),
            });

            // One check first, so that the baseline holds the token, the HTTP connection pool and the JIT's work (and one verdict).
            await app.FillAsync(1, "warm-up");
            var before = await app.CollectedHeapBytesAsync();
            var cachedBefore = await app.CachedVerdictsAsync();
            var took = await app.FillAsync(texts, "text");
            var after = await app.CollectedHeapBytesAsync();
            var cached = await app.CachedVerdictsAsync();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {maxEntries:N0} | {texts:N0} | {cached:N0} | {(after - before) / (1024d * 1024):F1} MB | {(double)(after - before) / Math.Max(1, cached - cachedBefore):F0} B | {took.TotalSeconds:F1} s |"));
        }

        Report.Heading("Memory per cached verdict, bounded by MaxEntries");
        Report.Line("Distinct texts checked through IWeChatContentSecurity in the app (64 at a time, WeChat without added latency, the client-side limiter's 4000/min cap lifted to fill the cache in seconds); heap after two full compacting collections, before and after.");
        Report.Line();
        Report.Line("| MaxEntries | Distinct texts checked | Verdicts cached at the end | Heap growth | Per verdict added | Took |");
        Report.Line("|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Report.Line(row);
        }
    }
}
