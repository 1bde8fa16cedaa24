using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Connection;

/// <summary>
/// The one connection every farm feature goes through. It never makes a request wait for Redis to come back: while
/// Redis is unreachable <see cref="IsAvailable"/> is false and callers take their local path at once, and StackExchange.Redis
/// reconnects in the background. Connections the library opens itself fail fast instead of queueing commands.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connect;
    private readonly bool _owned;
    private readonly ILogger<RedisConnection> _logger;
    private IConnectionMultiplexer? _multiplexer;

    public RedisConnection(IOptions<WeChatRedisOptions> options, ILogger<RedisConnection> logger, IConnectionMultiplexer? existing = null)
    {
        _logger = logger;
        KeyPrefix = options.Value.KeyPrefix;
        if (existing is not null)
        {
            _multiplexer = existing;
            Watch(existing);
            _connect = new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(existing));
            return;
        }

        _owned = true;
        var configuration = options.Value.Configuration
            ?? throw new InvalidOperationException("WeChatRedisOptions.Configuration is not set: pass a connection string to AddRedis or set WeChatSecurity:Redis:Configuration.");
        _connect = new Lazy<Task<IConnectionMultiplexer>>(() => ConnectAsync(configuration));
    }

    /// <summary>Raised (on a background thread) when the connection comes back after a failure, so that state kept locally meanwhile can be shared again.</summary>
    public event Action? Restored;

    /// <summary>Raised (on a background thread) when the connection to Redis fails.</summary>
    internal event Action? Lost;

    public string KeyPrefix { get; }

    /// <summary>True while commands can reach Redis.</summary>
    public bool IsAvailable => _multiplexer is { IsConnected: true };

    /// <summary>The connection, opened on first use; it completes even when Redis is down (and then reconnects).</summary>
    public Task<IConnectionMultiplexer> GetAsync() => _connect.Value;

    /// <summary>The database when Redis is reachable; null otherwise, after starting the connection if it is not yet.</summary>
    public IDatabase? TryGetDatabase()
    {
        if (_multiplexer is { } multiplexer)
        {
            return multiplexer.IsConnected ? multiplexer.GetDatabase() : null;
        }

        _ = _connect.Value;
        return null;
    }

    /// <summary>Logs a failed Redis command; the caller then takes its local path.</summary>
    public void Failed(string operation, Exception exception) => RedisLog.CommandFailed(_logger, operation, exception);

    /// <summary>
    /// Runs a command the caller can do without: skipped while Redis cannot be reached, and logged (<see cref="Failed"/>)
    /// if it fails; either way the caller gets <c>default</c> and takes its local path.
    /// </summary>
    public T? Run<T>(string operation, Func<IDatabase, T> command)
    {
        if (TryGetDatabase() is not { } database)
        {
            return default;
        }

        try
        {
            return command(database);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            Failed(operation, exception);
            return default;
        }
    }

    /// <inheritdoc cref="Run{T}"/>
    public async Task<T?> RunAsync<T>(string operation, Func<IDatabase, Task<T>> command)
    {
        if (TryGetDatabase() is not { } database)
        {
            return default;
        }

        try
        {
            return await command(database);
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            Failed(operation, exception);
            return default;
        }
    }

    /// <inheritdoc cref="Run{T}"/>
    public Task RunAsync(string operation, Func<IDatabase, Task> command) =>
        RunAsync(operation, async database =>
        {
            await command(database);
            return true;
        });

    /// <summary>
    /// Evaluates a script the caller cannot do without (it has no local path to take). While Redis cannot be reached it
    /// throws <paramref name="unavailable"/>'s exception at once; when the script fails with an exception
    /// <paramref name="isUnreachable"/> accepts, <paramref name="failed"/> logs it and <paramref name="unavailable"/>'s
    /// exception, wrapping it, is thrown instead. Any other exception is the caller's to see as it is.
    /// </summary>
    public async Task<RedisResult> EvaluateOrThrowAsync(
        string operation,
        string script,
        RedisKey[] keys,
        RedisValue[] arguments,
        Func<Exception, bool> isUnreachable,
        Action<string, Exception> failed,
        Func<string, Exception?, Exception> unavailable)
    {
        var multiplexer = await GetAsync();
        if (!multiplexer.IsConnected)
        {
            throw unavailable(operation, null);
        }

        try
        {
            return await multiplexer.GetDatabase().ScriptEvaluateAsync(script, keys, arguments);
        }
        catch (Exception exception) when (isUnreachable(exception))
        {
            failed(operation, exception);
            throw unavailable(operation, exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned && _connect.IsValueCreated)
        {
            var multiplexer = await _connect.Value;
            await multiplexer.DisposeAsync();
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var settings = ConfigurationOptions.Parse(configuration);
        settings.AbortOnConnectFail = false;
        settings.BacklogPolicy = BacklogPolicy.FailFast;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(settings);
        Watch(multiplexer);
        _multiplexer = multiplexer;
        if (!multiplexer.IsConnected)
        {
            RedisLog.Unreachable(_logger, "the first connection failed");
        }

        return multiplexer;
    }

    private void Watch(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += (_, args) =>
        {
            if (args.ConnectionType == ConnectionType.Interactive)
            {
                RedisLog.Unreachable(_logger, args.FailureType.ToString());
                Lost?.Invoke();
            }
        };
        multiplexer.ConnectionRestored += (_, args) =>
        {
            if (args.ConnectionType == ConnectionType.Interactive)
            {
                RedisLog.Reconnected(_logger);
                Restored?.Invoke();
            }
        };
    }
}
