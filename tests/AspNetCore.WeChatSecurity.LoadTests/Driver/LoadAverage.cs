using System.Globalization;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// The machine's one-minute load average (Linux's <c>/proc/loadavg</c>), printed with the figures: on a shared machine
/// it says how much else was running, which the spread of every comparison follows.
/// </summary>
internal static class LoadAverage
{
    private const string Source = "/proc/loadavg";

    /// <summary>The one-minute load average, or "unknown" where the system does not publish it.</summary>
    public static string Now()
    {
        if (!File.Exists(Source))
        {
            return "unknown";
        }

        var first = File.ReadAllText(Source).Split(' ')[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load.ToString("F1", CultureInfo.InvariantCulture)
            : "unknown";
    }
}
