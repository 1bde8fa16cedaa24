using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>
/// One server shared by the tests of <see cref="UsesSharedRedis"/>, started on first use so that a machine without
/// Redis, whose tests are all skipped, never tries. Tests keep apart by a key prefix of their own.
/// </summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private readonly Lazy<Task<RedisServer>> _server = new(RedisServer.StartAsync);
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection;

    public SharedRedis() => _connection = new(async () => await ConnectionMultiplexer.ConnectAsync((await _server.Value).ConnectionString));

    /// <summary>The running server, started on first call.</summary>
    public Task<RedisServer> ServerAsync() => _server.Value;

    /// <summary>A connection to the shared server, opened on first call.</summary>
    public async Task<IConnectionMultiplexer> ConnectionAsync() => await _connection.Value;

    /// <summary>A prefix no other test uses.</summary>
    public static string UniquePrefix() => "test:" + Guid.NewGuid().ToString("N")[..12] + ":";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }

        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
