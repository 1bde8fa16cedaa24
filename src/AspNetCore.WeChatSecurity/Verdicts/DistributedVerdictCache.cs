using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// The optional second level of the verdict cache, in an <see cref="IDistributedCache"/> (the application's, or the
/// Redis package's), shared by the servers of a farm; with <see cref="IWeChatVerdictClaims"/>, new content is checked by
/// one server at a time. It is a help, never a dependency: any failure is logged and the check goes on without it.
/// Expiries are kept in the values by the application's clock; the cache's own expiry only clears entries away.
/// </summary>
internal sealed class DistributedVerdictCache(
    IDistributedCache cache,
    TimeProvider timeProvider,
    VerdictEvents events,
    IWeChatVerdictClaims? claims = null)
{
    internal const string KeyPrefix = "AspNetCore.WeChatSecurity:verdict:";

    // Layout: format (1), suggestion (1), errcode (4), has label (1), label (4), expiry in Unix ms (8), trace id (UTF-8, rest).
    private const byte FormatVersion = 1;
    private const int HeaderLength = 19;

    public async ValueTask<WeChatCachedVerdict?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await cache.GetAsync(KeyPrefix + key, cancellationToken);
        }
        catch (Exception exception)
        {
            events.DistributedCacheFailed("read", key, exception);
            return null;
        }

        if (bytes is null)
        {
            return null;
        }

        if (Deserialize(bytes) is not { } stored)
        {
            events.DistributedEntryUnreadable(key);
            return null;
        }

        return stored.ExpiresAt > timeProvider.GetUtcNow() ? stored : null;
    }

    public async ValueTask SetAsync(string key, WeChatCachedVerdict verdict, CancellationToken cancellationToken)
    {
        var expiresAt = verdict.ExpiresAt;
        var timeToLive = expiresAt - timeProvider.GetUtcNow();
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            // Relative, because the distributed cache keeps time by its own clock.
            await cache.SetAsync(
                KeyPrefix + key,
                Serialize(verdict.Verdict, expiresAt),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = timeToLive },
                cancellationToken);
        }
        catch (Exception exception)
        {
            events.DistributedCacheFailed("write", key, exception);
        }
    }

    /// <summary>
    /// The verdict stored for <paramref name="key"/>, or else the one <paramref name="produce"/> gets from WeChat, stored;
    /// with <see cref="IWeChatVerdictClaims"/>, one server of the farm at a time produces it and the others wait for it.
    /// </summary>
    public async Task<WeChatCachedVerdict> GetOrAddAsync(string key, Func<CancellationToken, Task<WeChatCachedVerdict>> produce, CancellationToken cancellationToken)
    {
        if (claims is null)
        {
            return await TryGetAsync(key, cancellationToken) ?? await ProduceAsync(key, produce, cancellationToken);
        }

        WeChatCachedVerdict? found = null;
        var claim = await claims.ClaimAsync(key, async token => (found = await TryGetAsync(key, token)) is not null, cancellationToken);
        if (claim is null && found is not null)
        {
            return found;
        }

        await using (claim)
        {
            return await ProduceAsync(key, produce, cancellationToken);
        }
    }

    private async Task<WeChatCachedVerdict> ProduceAsync(string key, Func<CancellationToken, Task<WeChatCachedVerdict>> produce, CancellationToken cancellationToken)
    {
        var produced = await produce(cancellationToken);
        await SetAsync(key, produced, cancellationToken);
        return produced;
    }

    internal static string CacheKey(VerdictKey key) => KeyPrefix + key;

    internal static byte[] Serialize(WeChatVerdict verdict, DateTimeOffset expiresAt)
    {
        var traceId = verdict.TraceId ?? string.Empty;
        var bytes = new byte[HeaderLength + Encoding.UTF8.GetByteCount(traceId)];
        bytes[0] = FormatVersion;
        bytes[1] = (byte)verdict.Suggestion;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), verdict.ErrorCode);
        bytes[6] = verdict.Label.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(7), verdict.Label.GetValueOrDefault());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(11), expiresAt.ToUnixTimeMilliseconds());
        Encoding.UTF8.GetBytes(traceId, bytes.AsSpan(HeaderLength));
        return bytes;
    }

    internal static WeChatCachedVerdict? Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion || bytes[1] > (byte)WeChatSuggestion.Risky || bytes[6] > 1)
        {
            return null;
        }

        var expiresAtMs = BinaryPrimitives.ReadInt64LittleEndian(bytes[11..]);
        if (expiresAtMs < 0 || expiresAtMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var traceId = bytes.Length > HeaderLength ? Encoding.UTF8.GetString(bytes[HeaderLength..]) : null;
        var verdict = new WeChatVerdict(
            (WeChatSuggestion)bytes[1],
            BinaryPrimitives.ReadInt32LittleEndian(bytes[2..]),
            bytes[6] == 1 ? BinaryPrimitives.ReadInt32LittleEndian(bytes[7..]) : null,
            traceId,
            FromCache: true);
        return new WeChatCachedVerdict(verdict, DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs));
    }
}
