namespace CommentsApi.Tests.Browser;

/// <summary>Where the system's Chromium and its ChromeDriver are (Debian's <c>chromium</c> and <c>chromium-driver</c> packages).</summary>
internal static class Chromium
{
    /// <summary>What a developer without the browser reads on every skipped test.</summary>
    public const string InstallHint =
        "Chromium and ChromeDriver are not installed, so the browser tests of the sample page are skipped. Install them " +
        "(Debian/Ubuntu: sudo apt-get install chromium chromium-driver) or point CHROMIUM_PATH and CHROMEDRIVER_PATH at them, " +
        "and run the tests again; under CI=true a missing browser fails the run.";

    /// <summary>The browser, or null when none is found.</summary>
    public static string? Browser { get; } = Find("CHROMIUM_PATH", "chromium", "chromium-browser");

    /// <summary>The driver, or null when none is found.</summary>
    public static string? Driver { get; } = Find("CHROMEDRIVER_PATH", "chromedriver");

    public static bool IsAvailable => Browser is not null && Driver is not null;

    /// <summary>True when the browser tests must run even without a browser, and so fail: CI.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? Find(string variable, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return names
            .SelectMany(name => directories.Select(directory => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }
}
