using System.Runtime.InteropServices;

namespace AspNetCore.WeChatSecurity.Measuring;

/// <summary>
/// The calling thread's own CPU time, in nanoseconds: Linux's <c>CLOCK_THREAD_CPUTIME_ID</c>, which the scheduler keeps
/// from its nanosecond clock. Unlike wall time it does not count while the thread waits or another process runs, and
/// unlike <c>getrusage</c> (microseconds) or the process's <see cref="Environment.CpuUsage"/> (all threads, kernel
/// ticks) it can tell apart two requests that differ by tens of nanoseconds. .NET has no API for it, hence libc.
/// Linked into the load tool and the benchmarks (LibraryImport's generated marshalling needs AllowUnsafeBlocks there).
/// </summary>
internal static partial class ThreadCpuClock
{
    // <time.h>: CLOCK_THREAD_CPUTIME_ID.
    private const int ThreadCpuTimeClock = 3;

    /// <summary>Linux only, and the <c>timespec</c> below is the 64-bit one.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>The CPU time the calling thread has used so far, user and kernel.</summary>
    public static long Nanoseconds()
    {
        if (GetTime(ThreadCpuTimeClock, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return time.Nanoseconds();
    }

    /// <summary>The clock's resolution as the kernel reports it.</summary>
    public static long ResolutionNanoseconds()
    {
        if (GetResolution(ThreadCpuTimeClock, out var resolution) != 0)
        {
            throw new InvalidOperationException($"clock_getres(CLOCK_THREAD_CPUTIME_ID) failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return resolution.Nanoseconds();
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int GetTime(int clock, out TimeSpec time);

    [LibraryImport("libc", EntryPoint = "clock_getres", SetLastError = true)]
    private static partial int GetResolution(int clock, out TimeSpec resolution);

    /// <summary><c>struct timespec</c> on 64-bit Linux: two 64-bit fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeSpec
    {
        private readonly long _seconds;
        private readonly long _nanoseconds;

        public long Nanoseconds() => (_seconds * 1_000_000_000) + _nanoseconds;
    }
}
