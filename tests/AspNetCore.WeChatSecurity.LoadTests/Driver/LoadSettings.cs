using AspNetCore.WeChatSecurity.LoadTests.App;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// What the command line chose: the quick mode's smaller runs, the latency injected into every WeChat check, and whether
/// the app exports the library's metrics through OpenTelemetry's SDK (<c>--opentelemetry</c>), as a production app does.
/// </summary>
internal sealed record LoadSettings(bool Quick, TimeSpan Latency, bool OpenTelemetry)
{
    /// <summary>The app's settings that follow from the command line.</summary>
    public Dictionary<string, string> AppSettings() =>
        OpenTelemetry ? new() { [LoadApp.OpenTelemetryKey] = "true" } : [];

    /// <summary>The full run's figure, or the quick run's.</summary>
    public int Pick(int full, int quick) => Quick ? quick : full;
}
