using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on a free loopback port, without persistence. It can be stopped (killed,
/// as a crash would) and started again on the same port, for the outage tests.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>What a developer without the server reads on every skipped test.</summary>
    public const string InstallHint =
        "redis-server is not installed, so the Redis tests are skipped. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and run the tests again; under CI=true a missing server fails the run.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _executable;
    private Process? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>The path of <c>redis-server</c>, or null when it is not installed.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>True when the tests must run even without a server, and so fail: CI.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free loopback port and returns once it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(InstallHint);
        var server = new RedisServer(executable, FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port, empty.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The Redis server is running already.");
        }

        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "notice" })
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            output.Enqueue(line.Data);
            if (line.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                output.Enqueue(line.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"redis-server exited at start on port {Port}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await StopAsync();
            throw new InvalidOperationException($"redis-server did not accept connections on port {Port} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
    }

    /// <summary>Kills the server, as a crash or a lost network would, and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>
    /// Sends one command on a connection of its own, at once and in the caller's thread, and returns the reply's first
    /// line: for the commands that hold or free every client, such as <c>CLIENT PAUSE</c>.
    /// </summary>
    public string Command(params string[] arguments)
    {
        using var client = new TcpClient { ReceiveTimeout = (int)StartTimeout.TotalMilliseconds, SendTimeout = (int)StartTimeout.TotalMilliseconds };
        client.Connect(IPAddress.Loopback, Port);
        using var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(arguments.Length).Append("\r\n");
        foreach (var argument in arguments)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(argument)).Append("\r\n").Append(argument).Append("\r\n");
        }

        stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadLine() ?? throw new InvalidOperationException($"redis-server on port {Port} closed the connection without answering {arguments[0]}.");
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Find()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin", "/opt/homebrew/bin"]);
        return directories.Select(directory => Path.Combine(directory, "redis-server")).FirstOrDefault(File.Exists);
    }
}
