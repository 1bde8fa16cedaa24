namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// The process's peak memory since the last <see cref="Reset"/>: resident memory from the kernel's own high-water mark
/// (<c>VmHWM</c>, reset through <c>/proc/self/clear_refs</c>), and the managed heap sampled every few milliseconds
/// (the runtime keeps no peak of its own).
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakManaged;

    public MemorySampler()
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5));
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public static long PeakResidentBytes => ReadStatusKilobytes("VmHWM:") * 1024;

    public static long CurrentResidentBytes => ReadStatusKilobytes("VmRSS:") * 1024;

    public void Reset()
    {
        // "5" resets the peak resident set size to the current one (Linux 4.0 and later).
        File.WriteAllText("/proc/self/clear_refs", "5");
        Interlocked.Exchange(ref _peakManaged, GC.GetTotalMemory(forceFullCollection: false));
    }

    public void Dispose() => _timer.Dispose();

    private static long ReadStatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private void Sample()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        long peak;
        do
        {
            peak = Interlocked.Read(ref _peakManaged);
        }
        while (managed > peak && Interlocked.CompareExchange(ref _peakManaged, managed, peak) != peak);
    }
}
