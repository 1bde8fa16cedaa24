using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.MediaCheck;

/// <summary>
/// The farm's memory of signed push queries: one key per query (named by its SHA-256) holding the SHA-256 of the body it
/// first came with, expiring once no instance would accept the query any more. Remembering and comparing is one script,
/// so two instances receiving the same query at once cannot both take it as new.
/// </summary>
/// <remarks>
/// There is no local fallback: while Redis cannot be reached, a query another instance saw cannot be told from a new
/// one, and accepting it could let a forged verdict through. The push is answered 503 instead, and WeChat sends it again
/// (three tries; the sweeper resubmits a check whose verdict never arrives). With <c>AddRedis</c> the media checks are
/// kept in Redis too, so such a push could not be delivered meanwhile anyway.
/// </remarks>
internal sealed class RedisPushReplayGuard(RedisConnection connection, ILogger<RedisPushReplayGuard> logger) : IWeChatPushReplayGuard
{
    /// <summary>
    /// KEYS: the query's key. ARGV: the body's hash, the expiry in ms. Returns the hash the query came with before, or nil
    /// (remembering this one) when it is new; the caller compares in constant time.
    /// </summary>
    private const string Remember = """
        local seen = redis.call('GET', KEYS[1])
        if seen then return seen end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return false
        """;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly string _prefix = connection.KeyPrefix + "push-replay:";

    // Not connection.Failed: there is no local behaviour to fall back to.
    private readonly Action<string, Exception> _failed = (_, exception) => RedisLog.PushReplayCheckFailed(logger, exception);

    public async ValueTask<bool> TryAcceptAsync(string signedQuery, ReadOnlyMemory<byte> bodyHash, TimeSpan keepFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedQuery);
        var seen = await connection.EvaluateOrThrowAsync(
            "remember a push",
            Remember,
            [Key(signedQuery)],
            [bodyHash, (long)Math.Max(1, Math.Ceiling(keepFor.TotalMilliseconds))],
            IsUnreachable,
            _failed,
            Unavailable);

        return seen.IsNull || CryptographicOperations.FixedTimeEquals((byte[])seen!, bodyHash.Span);
    }

    // A fixed-length key whatever the nonce's length; the query itself is no secret (WeChat sends it in the URL).
    private RedisKey Key(string signedQuery) => _prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signedQuery)));

    // Any Redis failure, a server error included: a query that cannot be compared is not accepted.
    private static bool IsUnreachable(Exception exception) => exception is RedisException or RedisTimeoutException;

    private static WeChatUnavailableException Unavailable(string operation, Exception? exception) => new(
        WeChatUnavailableReason.TransientFailure,
        "Redis, which remembers the farm's signed pushes, cannot be reached, so a replayed push cannot be told from a new one; WeChat sends the push again.",
        RetryAfter,
        exception);
}
