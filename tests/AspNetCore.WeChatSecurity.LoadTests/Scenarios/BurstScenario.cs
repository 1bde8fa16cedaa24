using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// A burst of distinct texts, twice the per-minute limit, all at once. The client-side limiter should let exactly the
/// limit through to WeChat within the minute and answer the rest 503 with Retry-After once they have waited
/// <c>MaxLimiterWait</c>; WeChat's own per-minute quota (the emulator's, set to the same limit) is never hit.
/// </summary>
internal static class BurstScenario
{
    private const int Connections = 128;

    public static async Task RunAsync(LoadSettings settings)
    {
        var limit = settings.Pick(1000, 300);
        var requests = 2 * limit;

        await using var emulator = await EmulatorHost.StartAsync(
            settings.Latency,
            options => options.Quotas[WeChatEmulatorEndpoint.MsgSecCheck] = new WeChatEmulatorQuota(limit, 2_000_000));
        await using var app = await AppProcess.StartAsync(emulator, new Dictionary<string, string>(settings.AppSettings())
        {
            ["WeChatSecurity:Resilience:TextChecksPerMinute"] = limit.ToString(CultureInfo.InvariantCulture),
        });
        using var client = new LoadClient(app.Address, Connections);

        var bodies = Enumerable.Range(0, requests).Select(i => Requests.CommentBody(Requests.DistinctComment(i))).ToArray();
        var result = await client.RunAsync(requests, Connections, i => Requests.PostJson(i % 2 == 0 ? "/mvc/check" : "/minimal/check", bodies[i]));

        var calls = emulator.Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).ToArray();
        var refused = calls.Count(r => r.ErrorCode == 45009);
        var busiestMinute = BusiestMinute(calls.Select(r => r.ReceivedAt).Order().ToArray());

        Report.Heading("A burst above the per-minute limit");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"{requests:N0} distinct texts over {Connections} connections at once; TextChecksPerMinute {limit:N0}, WeChat's quota (emulated) {limit:N0}/min, default MaxLimiterWait."));
        Report.Line();
        Report.Line("| Requests | Limit/min | WeChat calls in the busiest minute | Refused by WeChat (45009) | Answers | Took |");
        Report.Line("|---:|---:|---:|---:|---|---:|");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"| {requests:N0} | {limit:N0} | {busiestMinute:N0} | {refused} | {result.DescribeStatuses()} | {result.Elapsed.TotalSeconds:F1} s |"));
    }

    /// <summary>The most calls that arrived within any 60 seconds.</summary>
    private static int BusiestMinute(DateTimeOffset[] arrivals)
    {
        var most = 0;
        var start = 0;
        for (var end = 0; end < arrivals.Length; end++)
        {
            while (arrivals[end] - arrivals[start] >= TimeSpan.FromMinutes(1))
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }
}
