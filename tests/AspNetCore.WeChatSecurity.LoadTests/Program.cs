using System.Globalization;
using System.Reflection;
using AspNetCore.WeChatSecurity.LoadTests.App;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.LoadTests.Scenarios;

namespace AspNetCore.WeChatSecurity.LoadTests;

/// <summary>
/// The load tool. <c>dotnet run -c Release --project tests/AspNetCore.WeChatSecurity.LoadTests -- [scenario] [--quick]
/// [--latency MS] [--opentelemetry]</c> runs every scenario, or the one named; it prints Markdown. The app under load runs in a child
/// process of this same executable (<see cref="ServeCommand"/>).
/// </summary>
internal static class Program
{
    public const string ServeCommand = "serve";

    private static readonly string[] Options = ["--quick", "--latency", "--opentelemetry"];

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

        // A misspelt option would otherwise measure something other than what the reader of the figures is told.
        var unknownOptions = args.Where(arg => arg.StartsWith("--", StringComparison.Ordinal) && !Options.Contains(arg)).ToArray();
        if (unknownOptions.Length > 0)
        {
            await Console.Error.WriteLineAsync($"Unknown option {string.Join(", ", unknownOptions)}; known: {string.Join(", ", Options)}.");
            return 2;
        }

        var settings = new LoadSettings(quick, latency, args.Contains("--opentelemetry"));

        // The SDK ends this tool's informational version with the commit it was built from (the library's own leaves it
        // out off GitHub), so that a figure says which code it measured.
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? string.Empty;
        var commit = version.Contains('+', StringComparison.Ordinal) ? version[(version.IndexOf('+', StringComparison.Ordinal) + 1)..] : "unknown";
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"AspNetCore.WeChatSecurity load run{(quick ? " (--quick)" : string.Empty)}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit[..Math.Min(commit.Length, 12)]}, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {LoadAverage.Now()}, WeChat latency {latency.TotalMilliseconds:F0} ms, server GC{(settings.OpenTelemetry ? ", OpenTelemetry's SDK collecting the library's meter" : string.Empty)}{(LoadApp.UsesRequestDelegateGenerator ? ", minimal APIs from the Request Delegate Generator" : string.Empty)}."));
        foreach (var (name, run) in Scenarios.Where(pair => named.Length == 0 || named.Contains(pair.Key, StringComparer.OrdinalIgnoreCase)))
        {
            var started = DateTime.UtcNow;
            var load = LoadAverage.Now();
            await run(settings);
            Report.Line();
            Report.Line(string.Create(CultureInfo.InvariantCulture,
                $"({name}: {(DateTime.UtcNow - started).TotalSeconds:F0} s; load average {load} at the start, {LoadAverage.Now()} at the end)"));
        }

        return 0;
    }
}
