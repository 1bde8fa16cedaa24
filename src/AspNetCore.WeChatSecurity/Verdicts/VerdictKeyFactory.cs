using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Builds verdict cache keys from content. The hash is seeded with a value derived from a secret so that keys agree
/// across the servers of a farm (and so can share a distributed cache) but cannot be computed from outside, which
/// would allow crafting content whose key collides with content already judged.
/// </summary>
internal sealed class VerdictKeyFactory
{
    private const string SeedLabel = "AspNetCore.WeChatSecurity/verdict-cache-key/v1";

    // Text keys hash UTF-16 code units since key format 2 (UTF-8 bytes before): under a seed of their own, no text key
    // can equal a format-1 key of other text whose UTF-8 bytes happen to be the same, in a cache shared with older
    // servers. Images still hash their bytes under the secret seed, so their keys did not change.
    private const long TextFormat2 = unchecked((long)0x9E3779B97F4A7C15);

    private readonly long _seed;
    private readonly long _textSeed;

    public VerdictKeyFactory(IOptions<WeChatSecurityOptions> options)
        : this(DeriveSeed(options.Value))
    {
    }

    internal VerdictKeyFactory(long seed)
    {
        _seed = seed;
        _textSeed = seed ^ TextFormat2;
    }

    /// <summary>
    /// HMAC-SHA256 over a fixed label, keyed by the AppSecret, first 8 bytes. Without an AppSecret (tokens from an
    /// <see cref="IWeChatAccessTokenSource"/>) the AppId keys it instead: servers still agree, but the seed is then
    /// not secret, since an AppId is not. Without either, a random seed per process: nothing is shared between servers.
    /// </summary>
    internal static long DeriveSeed(WeChatSecurityOptions options)
    {
        var secret = !string.IsNullOrEmpty(options.AppSecret) ? options.AppSecret
            : !string.IsNullOrEmpty(options.AppId) ? "appid:" + options.AppId
            : null;
        if (secret is null)
        {
            return BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(long)));
        }

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(SeedLabel));
        return BinaryPrimitives.ReadInt64LittleEndian(mac);
    }

    /// <summary>
    /// The key of a text check. v2's title, nickname and signature are checked along with the content, so they are
    /// hashed with it; v1 takes no scene, so the scene is left out of v1 keys.
    /// </summary>
    public VerdictKey ForText(string content, int version, WeChatScene scene, WeChatCheckContext? context)
    {
        var hash = version == 2 && context is not null && (context.Title ?? context.Nickname ?? context.Signature) is not null
            ? HashText(WithExtras(content, context))
            : HashText(content);
        return new VerdictKey(hash, ContentKind.Text, version, version == 2 ? (int)scene : 0);
    }

    public VerdictKey ForImage(ReadOnlySpan<byte> image) =>
        new(XxHash128.HashToUInt128(image, _seed), ContentKind.Image, 1, 0);

    /// <summary>
    /// The key of asynchronously checked media. An image shares the synchronous check's key, so that a pushed verdict
    /// answers a later <c>img_sec_check</c> of the same bytes from the cache.
    /// </summary>
    public VerdictKey ForMedia(ReadOnlySpan<byte> media, WeChatMediaType mediaType) =>
        mediaType == WeChatMediaType.Image ? ForImage(media) : new(XxHash128.HashToUInt128(media, _seed), ContentKind.Audio, 1, 0);

    // Lengths first, so that no split of the same characters between the fields gives the same bytes.
    private static string WithExtras(string content, WeChatCheckContext context) => string.Create(
        CultureInfo.InvariantCulture,
        $"{content.Length}:{context.Title?.Length ?? -1}:{context.Nickname?.Length ?? -1}:{context.Signature?.Length ?? -1}|{content}{context.Title}{context.Nickname}{context.Signature}");

    // The UTF-16 code units as they are, so that a cache hit transcodes nothing (Chinese text is also shorter in UTF-16
    // than in UTF-8). The servers of a farm share one byte order, so they agree.
    private UInt128 HashText(string text) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()), _textSeed);
}
