using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.App;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.LoadTests.Scenarios;

namespace AspNetCore.WeChatSecurity.LoadTests;

/// <summary>
/// The load tool. <c>dotnet run -c Release --project tests/AspNetCore.WeChatSecurity.LoadTests -- [scenario] [--quick]
/// [--latency MS]</c> runs every scenario, or the one named; it prints Markdown. The app under load runs in a child
/// process of this same executable (<see cref="ServeCommand"/>).
/// </summary>
internal static class Program
{
    public const string ServeCommand = "serve";

    private static readonly Dictionary<string, Func<LoadSettings, Task>> Scenarios = new(StringComparer.OrdinalIgnoreCase)
    {
        ["overhead"] = OverheadScenario.RunAsync,
        ["zipf"] = ZipfScenario.RunAsync,
        ["burst"] = BurstScenario.RunAsync,
        ["images"] = ImageUploadScenario.RunAsync,
        ["memory"] = VerdictMemoryScenario.RunAsync,
    };

    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ServeCommand)
        {
            await LoadApp.RunAsync(args[1..]);
            return 0;
        }

        var quick = args.Contains("--quick");
        var latencyAt = Array.IndexOf(args, "--latency");
        var latency = TimeSpan.FromMilliseconds(latencyAt >= 0 ? int.Parse(args[latencyAt + 1], CultureInfo.InvariantCulture) : 50);
        var named = args.Where((arg, i) => !arg.StartsWith("--", StringComparison.Ordinal) && (latencyAt < 0 || i != latencyAt + 1)).ToArray();
        var unknown = named.Where(name => !Scenarios.ContainsKey(name)).ToArray();
        if (unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync($"Unknown scenario {string.Join(", ", unknown)}; known: {string.Join(", ", Scenarios.Keys)}.");
            return 2;
        }

        var settings = new LoadSettings(quick, latency);
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"AspNetCore.WeChatSecurity load run{(quick ? " (--quick)" : string.Empty)}: .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, WeChat latency {latency.TotalMilliseconds:F0} ms, server GC."));
        foreach (var (name, run) in Scenarios.Where(pair => named.Length == 0 || named.Contains(pair.Key, StringComparer.OrdinalIgnoreCase)))
        {
            var started = DateTime.UtcNow;
            await run(settings);
            Report.Line();
            Report.Line(string.Create(CultureInfo.InvariantCulture, $"({name}: {(DateTime.UtcNow - started).TotalSeconds:F0} s)"));
        }

        return 0;
    }
}
