using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Verdicts;

/// <summary>
/// The farm's verdicts in Redis, as the distributed level of the core's verdict cache (which writes and reads the values,
/// and keeps their expiry by the application's clock; Redis's own expiry only clears keys away). Without Redis it holds
/// nothing and never throws, so an instance goes on with its own memory and asks WeChat itself.
/// </summary>
internal sealed class RedisVerdictStore(RedisConnection connection) : IDistributedCache
{
    public byte[]? Get(string key)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return null;
        }

        try
        {
            return database.StringGet(Key(key));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("read a verdict", exception);
            return null;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return null;
        }

        try
        {
            return await database.StringGetAsync(Key(key));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("read a verdict", exception);
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            database.StringSet(Key(key), value, TimeToLive(options));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("store a verdict", exception);
        }
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            await database.StringSetAsync(Key(key), value, TimeToLive(options));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("store a verdict", exception);
        }
    }

    // A verdict's time to live is fixed when it is written: nothing slides.
    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            database.KeyDelete(Key(key));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("remove a verdict", exception);
        }
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (connection.TryGetDatabase() is not { } database)
        {
            return;
        }

        try
        {
            await database.KeyDeleteAsync(Key(key));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            connection.Failed("remove a verdict", exception);
        }
    }

    private static TimeSpan TimeToLive(DistributedCacheEntryOptions options) => options.AbsoluteExpirationRelativeToNow
        ?? throw new NotSupportedException("Verdicts are stored with a time to live relative to now (AbsoluteExpirationRelativeToNow).");

    private RedisKey Key(string key) => connection.KeyPrefix + key;
}
