using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Builds verdict cache keys from content. With a secret (<c>Cache:KeySecret</c>, else the AppSecret) the hash is
/// XXH3-128 seeded with a value derived from it, so that keys agree across the servers of a farm (and so can share a
/// distributed cache) but cannot be computed from outside, which would allow crafting content whose key collides with
/// content already judged. Without one (tokens from an <see cref="IWeChatAccessTokenSource"/>) the only value the
/// servers share is the AppId, which every mini program's requests show: xxHash under a known seed is not collision
/// resistant, so anyone could craft risky content whose key is that of content judged a pass and be answered "pass"
/// from the cache. Keys are then SHA-256 based instead, which no one can collide, at the cost of a slower key on every
/// check (cache hits included).
/// </summary>
internal sealed class VerdictKeyFactory
{
    private const string SeedLabel = "AspNetCore.WeChatSecurity/verdict-cache-key/v1";

    // Labels of the SHA-256 keys' prefixes, text apart from binary content as the xxHash seeds are. They differ from
    // SeedLabel, and SHA-256 is not xxHash, so no key of this kind equals an xxHash key of other content but by
    // chance, in a cache shared with servers that keyed it by xxHash. Such a server of an older release still answers
    // from the keys it computes under the public seed, so a farm is closed only once all its servers run this one.
    private const string Sha256TextLabel = "AspNetCore.WeChatSecurity/verdict-cache-key/sha256/text";
    private const string Sha256BinaryLabel = "AspNetCore.WeChatSecurity/verdict-cache-key/sha256/binary";

    // Text keys hash UTF-16 code units since key format 2 (UTF-8 bytes before): under a seed of their own, no text key
    // can equal a format-1 key of other text whose UTF-8 bytes happen to be the same, in a cache shared with older
    // servers. Images still hash their bytes under the secret seed, so their keys did not change.
    private const long TextFormat2 = unchecked((long)0x9E3779B97F4A7C15);

    // About 1,000 UTF-16 characters behind the prefix: a comment or a nickname is copied on the stack.
    private const int MaxStackInput = 2048;

    private readonly long _seed;
    private readonly long _textSeed;

    // Chosen once here, so that a hit pays one predictable branch for it, not a delegate call.
    private readonly bool _sha256;
    private readonly byte[] _sha256TextPrefix = [];
    private readonly byte[] _sha256BinaryPrefix = [];

    public VerdictKeyFactory(IOptions<WeChatSecurityOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>
    /// With a secret (<c>Cache:KeySecret</c>, else the AppSecret), xxHash under a seed derived from it. Without one but
    /// with an AppId, SHA-256 keys whose prefixes are derived from the AppId: servers still agree, and the AppId being
    /// public does not matter to a hash no one can collide. Without either, xxHash under a random seed per process:
    /// unknown outside, nothing shared.
    /// </summary>
    internal VerdictKeyFactory(WeChatSecurityOptions options)
    {
        var secret = !string.IsNullOrEmpty(options.Cache.KeySecret) ? options.Cache.KeySecret : options.AppSecret;
        if (string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(options.AppId))
        {
            _sha256 = true;
            var appId = Encoding.UTF8.GetBytes("appid:" + options.AppId);
            _sha256TextPrefix = HMACSHA256.HashData(appId, Encoding.UTF8.GetBytes(Sha256TextLabel));
            _sha256BinaryPrefix = HMACSHA256.HashData(appId, Encoding.UTF8.GetBytes(Sha256BinaryLabel));
            return;
        }

        _seed = string.IsNullOrEmpty(secret)
            ? BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(long)))
            : DeriveSeed(secret);
        _textSeed = _seed ^ TextFormat2;
    }

    /// <summary>HMAC-SHA256 over a fixed label, keyed by the secret, first 8 bytes.</summary>
    private static long DeriveSeed(string secret) =>
        BinaryPrimitives.ReadInt64LittleEndian(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(SeedLabel)));

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

    public VerdictKey ForImage(ReadOnlySpan<byte> image) => new(HashBinary(image), ContentKind.Image, 1, 0);

    /// <summary>
    /// The key of asynchronously checked media. An image shares the synchronous check's key, so that a pushed verdict
    /// answers a later <c>img_sec_check</c> of the same bytes from the cache.
    /// </summary>
    public VerdictKey ForMedia(ReadOnlySpan<byte> media, WeChatMediaType mediaType) =>
        mediaType == WeChatMediaType.Image ? ForImage(media) : new(HashBinary(media), ContentKind.Audio, 1, 0);

    // Lengths first, so that no split of the same characters between the fields gives the same bytes.
    private static string WithExtras(string content, WeChatCheckContext context) => string.Create(
        CultureInfo.InvariantCulture,
        $"{content.Length}:{context.Title?.Length ?? -1}:{context.Nickname?.Length ?? -1}:{context.Signature?.Length ?? -1}|{content}{context.Title}{context.Nickname}{context.Signature}");

    // The UTF-16 code units as they are, so that a cache hit transcodes nothing (Chinese text is also shorter in UTF-16
    // than in UTF-8). The servers of a farm share one byte order, so they agree.
    private UInt128 HashText(string text) => _sha256
        ? Sha256Key(_sha256TextPrefix, MemoryMarshal.AsBytes(text.AsSpan()))
        : XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()), _textSeed);

    private UInt128 HashBinary(ReadOnlySpan<byte> content) => _sha256
        ? Sha256Key(_sha256BinaryPrefix, content)
        : XxHash128.HashToUInt128(content, _seed);

    /// <summary>
    /// SHA-256(prefix ‖ content), its first 16 bytes read big-endian (so a key prints as the digest's usual hex);
    /// truncated to 128 bits it still takes about 2^64 work to collide. One one-shot call over one buffer: each call
    /// has a fixed cost (about as much as hashing 1 KiB, measured in VerdictKeyBenchmarks) that hashing the content's
    /// digest, or an HMAC keyed by the prefix, would pay twice for the short text most hits are; copying the content
    /// behind the prefix costs far less. The HMAC's keying would add nothing either, the prefix being derived from the
    /// public AppId. Short content is copied on the stack, longer content into a pooled buffer: no allocation.
    /// </summary>
    private static UInt128 Sha256Key(byte[] prefix, ReadOnlySpan<byte> content)
    {
        var length = prefix.Length + content.Length;
        byte[]? rented = null;
        var input = length <= MaxStackInput ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        prefix.CopyTo(input);
        content.CopyTo(input[prefix.Length..]);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, digest);
        // Nothing above can throw once the buffer is rented. It goes back uncleared: it holds a prefix derived from the
        // public AppId and content sent to be published, no secret, and clearing would add a pass over it to each key.
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }
}
