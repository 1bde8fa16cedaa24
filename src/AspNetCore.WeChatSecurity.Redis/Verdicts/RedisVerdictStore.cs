using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Verdicts;

/// <summary>
/// The farm's verdicts in Redis, as the distributed level of the core's verdict cache (which writes and reads the values,
/// and keeps their expiry by the application's clock; Redis's own expiry only clears keys away). Without Redis it holds
/// nothing and never throws (<see cref="RedisConnection.Run{T}"/>: a command is skipped, or logged when it fails, and
/// reads as a miss), so an instance goes on with its own memory and asks WeChat itself.
/// </summary>
internal sealed class RedisVerdictStore(RedisConnection connection) : IDistributedCache
{
    public byte[]? Get(string key) => connection.Run("read a verdict", database => (byte[]?)database.StringGet(Key(key)));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        connection.RunAsync("read a verdict", async database => (byte[]?)await database.StringGetAsync(Key(key)));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        connection.Run("store a verdict", database => database.StringSet(Key(key), value, TimeToLive(options)));

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        connection.RunAsync("store a verdict", database => database.StringSetAsync(Key(key), value, TimeToLive(options)));

    // A verdict's time to live is fixed when it is written: nothing slides.
    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => connection.Run("remove a verdict", database => database.KeyDelete(Key(key)));

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        connection.RunAsync("remove a verdict", database => database.KeyDeleteAsync(Key(key)));

    private static TimeSpan TimeToLive(DistributedCacheEntryOptions options) => options.AbsoluteExpirationRelativeToNow
        ?? throw new NotSupportedException("Verdicts are stored with a time to live relative to now (AbsoluteExpirationRelativeToNow).");

    private RedisKey Key(string key) => connection.KeyPrefix + key;
}
