using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AspNetCore.WeChatSecurity.LoadTests.App;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// The application under load, started as a child process of this executable (<c>serve</c> mode) with its
/// configuration on the command line, and asked for its measurements over its stdin/stdout.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly SemaphoreSlim _control = new(1, 1);

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the app pointed at the emulator with its credentials, and <paramref name="settings"/> as further
    /// <c>WeChatSecurity</c> configuration (keys with a colon, such as <see cref="LoadApp.LiftCallLimitsKey"/>, as they are).
    /// </summary>
    public static async Task<AppProcess> StartAsync(WeChatEmulatorServer emulator, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under `dotnet run` the tool runs from its apphost; under `dotnet tool.dll`, from the muxer, which needs the dll.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The tool's own path is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AppProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Program.ServeCommand);
        start.ArgumentList.Add($"--WeChatSecurity:ApiBaseAddress={emulator.BaseAddress}");
        start.ArgumentList.Add($"--WeChatSecurity:AppId={emulator.Emulator.Options.AppId}");
        start.ArgumentList.Add($"--WeChatSecurity:AppSecret={emulator.Emulator.Options.AppSecret}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add(key.Contains(':', StringComparison.Ordinal) ? $"--{key}={value}" : $"--WeChatSecurity:{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app under load did not start.");
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready is null || !ready.StartsWith(ControlChannel.Ready + " ", StringComparison.Ordinal))
        {
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"The app under load did not start (exit code {process.ExitCode}): {ready}");
        }

        return new AppProcess(process, new Uri(ready[(ControlChannel.Ready.Length + 1)..]));
    }

    /// <summary>The app's CPU time so far (user and kernel, all threads).</summary>
    public async Task<TimeSpan> CpuTimeAsync() => TimeSpan.FromTicks(await AskAsync("cpu") / 100);

    /// <summary>The app's managed heap after two full, compacting collections.</summary>
    public Task<long> CollectedHeapBytesAsync() => AskAsync("heap");

    /// <summary>How many verdicts the app's memory cache holds.</summary>
    public Task<long> CachedVerdictsAsync() => AskAsync("entries");

    /// <summary>Checks <paramref name="count"/> distinct texts in the app, through the library's service; returns the time it took.</summary>
    public async Task<TimeSpan> FillAsync(int count, string prefix) =>
        TimeSpan.FromMilliseconds(await AskAsync(string.Create(CultureInfo.InvariantCulture, $"fill {count} {prefix}")));

    /// <summary>How many bytes the app has allocated so far, on all threads.</summary>
    public Task<long> AllocatedBytesAsync() => AskAsync("allocated");

    /// <summary>Starts recording the serving thread's CPU time and allocations of every labelled request (<see cref="RequestRecorder"/>).</summary>
    public Task RecordAsync(int capacity) => AskAsync(string.Create(CultureInfo.InvariantCulture, $"record {capacity}"));

    /// <summary>Stops recording; the samples in the order the requests left the app's pipeline.</summary>
    public async Task<RequestSample[]> RecordedAsync() =>
        MemoryMarshal.Cast<byte, RequestSample>(Convert.FromBase64String(await AskLineAsync("recorded"))).ToArray();

    /// <summary>The app's thread CPU clock: its resolution, and the median of two readings taken back to back (ns).</summary>
    public async Task<(long Resolution, long BackToBack)> ThreadClockAsync()
    {
        var parts = (await AskLineAsync("thread-clock")).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Starts measuring peak memory from now; returns the resident memory now.</summary>
    public Task<long> ResetPeakAsync() => AskAsync("peak-reset");

    /// <summary>Peak resident and sampled managed memory since <see cref="ResetPeakAsync"/>.</summary>
    public async Task<(long Resident, long Managed)> PeakAsync()
    {
        var answer = await AskLineAsync("peak");
        var parts = answer.Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _control.Dispose();
    }

    private async Task<long> AskAsync(string command)
    {
        var answer = await AskLineAsync(command);
        return long.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"The app answered '{command}' with '{answer}'.");
    }

    private async Task<string> AskLineAsync(string command)
    {
        await _control.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await _process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException($"The app under load exited (code {(_process.HasExited ? _process.ExitCode : -1)}).");
        }
        finally
        {
            _control.Release();
        }
    }
}
