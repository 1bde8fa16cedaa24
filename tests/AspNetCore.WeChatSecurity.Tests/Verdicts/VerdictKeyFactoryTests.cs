using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

public sealed class VerdictKeyFactoryTests
{
    /// <summary>
    /// Servers of different versions share one distributed cache: if a release changed the keys of the same content,
    /// every verdict would be asked of WeChat again (and its quota spent). The image keys were computed before the hash
    /// moved from our own XXH3 to System.IO.Hashing's; the text keys when text moved to key format 2 (UTF-16 code units
    /// under a seed of their own, before any release). Neither may change.
    /// </summary>
    [Fact]
    public void Keys_StayTheSameAcrossReleases()
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-golden", AppSecret = "golden-secret" });
        // Spelled out rather than from Random, whose sequence for a seed is not promised across .NET releases.
        var image = new byte[1024 * 1024];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (byte)((i * 31) ^ (i >> 8));
        }

        Assert.Equal("text:v1:s0:67b4355926c2805cffa3137d52f0e997", keys.ForText("hello", 1, WeChatScene.Comment, null).ToString());
        Assert.Equal("text:v2:s3:094faa710b06fb9d478d8e18ec745864", keys.ForText("hello", 2, WeChatScene.Forum, new WeChatCheckContext { Title = "title", Nickname = "nick" }).ToString());
        Assert.Equal("text:v2:s2:15c08dc58b796aab9c76528a7a4a082c", keys.ForText(new string('評', 700), 2, WeChatScene.Comment, null).ToString());
        Assert.Equal("image:v1:s0:4dd7868f68e9c89ee8ac192a0cc45d53", keys.ForImage(image.AsSpan(0, 64)).ToString());
        Assert.Equal("image:v1:s0:d120d67997e1ddd209d3bf2f5c118fdc", keys.ForImage(image).ToString());
    }

    /// <summary>
    /// Format 2 hashes text's UTF-16 code units: a text whose UTF-16 bytes are another text's UTF-8 bytes (and so hashed
    /// alike under one seed) must still get its own key, or a cache shared with servers of format 1 would answer one
    /// text with the other's verdict.
    /// </summary>
    [Fact]
    public void TextWhoseUtf16BytesAreAnotherTextsUtf8Bytes_GetsADifferentHash()
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-golden", AppSecret = "golden-secret" });
        var utf8 = Encoding.UTF8.GetBytes("hi");
        var sameBytes = new string(MemoryMarshal.Cast<byte, char>(utf8));

        Assert.Equal(utf8, MemoryMarshal.AsBytes(sameBytes.AsSpan()).ToArray());
        Assert.NotEqual(keys.ForText("hi", 1, WeChatScene.Comment, null).Hash, keys.ForText(sameBytes, 1, WeChatScene.Comment, null).Hash);
        Assert.NotEqual(keys.ForImage(utf8).Hash, keys.ForText(sameBytes, 1, WeChatScene.Comment, null).Hash);
    }

    /// <summary>
    /// With an AppSecret the keys are XXH3-128 under the seed derived from it, as they always were: computed here from
    /// System.IO.Hashing and the derivation as documented, so that any change of the format fails.
    /// </summary>
    [Fact]
    public void WithAnAppSecret_KeysAreXxHash128_UnderTheSeedDerivedFromIt()
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-farm", AppSecret = "farm-secret" });
        var seed = BinaryPrimitives.ReadInt64LittleEndian(HMACSHA256.HashData("farm-secret"u8, "AspNetCore.WeChatSecurity/verdict-cache-key/v1"u8));
        var textSeed = seed ^ unchecked((long)0x9E3779B97F4A7C15);

        Assert.Equal(XxHash128.HashToUInt128(Utf16(Text), textSeed), keys.ForText(Text, 1, WeChatScene.Comment, null).Hash);
        Assert.Equal(
            XxHash128.HashToUInt128(Utf16($"{Text.Length}:5:4:-1|{Text}titlenick"), textSeed),
            keys.ForText(Text, 2, WeChatScene.Forum, new WeChatCheckContext { Title = "title", Nickname = "nick" }).Hash);
        Assert.Equal(XxHash128.HashToUInt128(Image, seed), keys.ForImage(Image).Hash);
        Assert.Equal(XxHash128.HashToUInt128(Image, seed), keys.ForMedia(Image, WeChatMediaType.Audio).Hash);
    }

    /// <summary>
    /// Without an AppSecret the only shared value is the AppId, which is public: an xxHash seed derived from it lets
    /// anyone craft risky content whose key is that of content judged a pass. Keys are then
    /// SHA-256(prefix ‖ content), first 16 bytes, the prefix HMAC-SHA256 of a label keyed by the AppId. The image is
    /// longer than what is hashed on the stack, the text shorter, so that both buffers are covered.
    /// </summary>
    [Fact]
    public void WithOnlyAnAppId_KeysAreSha256Based_NotTheXxHashOfTheAppIdSeed()
    {
        var options = new WeChatSecurityOptions { AppId = "wx-farm", TokenSource = WeChatTokenSource.External };
        var keys = new VerdictKeyFactory(options);
        var publicSeed = BinaryPrimitives.ReadInt64LittleEndian(HMACSHA256.HashData("appid:wx-farm"u8, "AspNetCore.WeChatSecurity/verdict-cache-key/v1"u8));
        var v2 = new WeChatCheckContext { Title = "title", Nickname = "nick" };

        Assert.Equal(Sha256Key("wx-farm", "text", Utf16(Text)), keys.ForText(Text, 1, WeChatScene.Comment, null).Hash);
        Assert.Equal(Sha256Key("wx-farm", "text", Utf16($"{Text.Length}:5:4:-1|{Text}titlenick")), keys.ForText(Text, 2, WeChatScene.Forum, v2).Hash);
        Assert.Equal(Sha256Key("wx-farm", "binary", Image), keys.ForImage(Image).Hash);
        Assert.Equal(Sha256Key("wx-farm", "binary", Image), keys.ForMedia(Image, WeChatMediaType.Image).Hash);
        Assert.Equal(Sha256Key("wx-farm", "binary", Image), keys.ForMedia(Image, WeChatMediaType.Audio).Hash);

        Assert.NotEqual(XxHash128.HashToUInt128(Utf16(Text), publicSeed ^ unchecked((long)0x9E3779B97F4A7C15)), keys.ForText(Text, 1, WeChatScene.Comment, null).Hash);
        Assert.NotEqual(XxHash128.HashToUInt128(Image, publicSeed), keys.ForImage(Image).Hash);
    }

    /// <summary>
    /// Cache:KeySecret keys the cache as an AppSecret would (XXH3-128 under the seed derived from it, computed here
    /// independently), so that an app without an AppSecret keeps the cheap keys; with an AppSecret it keys the cache
    /// instead of it.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("farm-secret")]
    public void WithAKeySecret_KeysAreXxHash128_UnderTheSeedDerivedFromIt(string? appSecret)
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-farm", AppSecret = appSecret, Cache = { KeySecret = KeySecret } });
        var seed = BinaryPrimitives.ReadInt64LittleEndian(HMACSHA256.HashData(Encoding.UTF8.GetBytes(KeySecret), "AspNetCore.WeChatSecurity/verdict-cache-key/v1"u8));

        Assert.Equal(XxHash128.HashToUInt128(Utf16(Text), seed ^ unchecked((long)0x9E3779B97F4A7C15)), keys.ForText(Text, 1, WeChatScene.Comment, null).Hash);
        Assert.Equal(XxHash128.HashToUInt128(Image, seed), keys.ForImage(Image).Hash);
        Assert.Equal(XxHash128.HashToUInt128(Image, seed), keys.ForMedia(Image, WeChatMediaType.Audio).Hash);
    }

    /// <summary>
    /// Bound from WeChatSecurity:Cache:KeySecret (16 characters, the least accepted), servers with only an AppId and an
    /// external token source key content alike, by xxHash under the seed derived from it.
    /// </summary>
    [Fact]
    public void AKeySecretFromConfiguration_KeysTheServersOfAFarmAlike()
    {
        VerdictKey Server()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChatSecurity:AppId"] = "wx-farm",
                ["WeChatSecurity:TokenSource"] = "External",
                ["WeChatSecurity:Cache:KeySecret"] = "0123456789abcdef",
            }).Build();
            var services = new ServiceCollection();
            services.AddWeChatContentSecurity(configuration);
            services.AddSingleton<IWeChatAccessTokenSource, UnusedTokenSource>();
            using var provider = services.BuildServiceProvider();
            return provider.GetRequiredService<VerdictKeyFactory>().ForImage(Image);
        }

        var seed = BinaryPrimitives.ReadInt64LittleEndian(HMACSHA256.HashData("0123456789abcdef"u8, "AspNetCore.WeChatSecurity/verdict-cache-key/v1"u8));

        Assert.Equal(XxHash128.HashToUInt128(Image, seed), Server().Hash);
        Assert.Equal(Server(), Server());
    }

    [Fact]
    public void WithOnlyAnAppId_TheServersOfAFarmAgree_AndAppsDoNot()
    {
        VerdictKeyFactory Server(string appId) => new(new WeChatSecurityOptions { AppId = appId, TokenSource = WeChatTokenSource.External });
        var v2 = new WeChatCheckContext { Signature = "sig" };

        Assert.Equal(Server("wx-farm").ForText(Text, 2, WeChatScene.Profile, v2), Server("wx-farm").ForText(Text, 2, WeChatScene.Profile, v2));
        Assert.Equal(Server("wx-farm").ForImage(Image), Server("wx-farm").ForImage(Image));
        Assert.NotEqual(Server("wx-farm").ForText(Text, 1, WeChatScene.Comment, null), Server("wx-other").ForText(Text, 1, WeChatScene.Comment, null));
        Assert.NotEqual(Server("wx-farm").ForImage(Image), Server("wx-other").ForImage(Image));
    }

    /// <summary>Text and binary content of the same bytes get different SHA-256 keys, as they do under xxHash.</summary>
    [Fact]
    public void WithOnlyAnAppId_TextAndImageOfTheSameBytes_GetDifferentHashes()
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-farm", TokenSource = WeChatTokenSource.External });

        Assert.NotEqual(keys.ForImage(Utf16(Text)).Hash, keys.ForText(Text, 1, WeChatScene.Comment, null).Hash);
    }

    /// <summary>
    /// A hit computes a key, so the SHA-256 keys allocate nothing either: short text is hashed from the stack, an image
    /// from a pooled buffer (rented once before counting).
    /// </summary>
    [Fact]
    public void WithOnlyAnAppId_KeysAllocateNothing()
    {
        var keys = new VerdictKeyFactory(new WeChatSecurityOptions { AppId = "wx-farm", TokenSource = WeChatTokenSource.External });
        var first = keys.ForText(Text, 1, WeChatScene.Comment, null);
        keys.ForImage(Image);

        var same = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            same += keys.ForText(Text, 1, WeChatScene.Comment, null) == first ? 1 : 0;
            keys.ForImage(Image);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100, same);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Keys_AreEqual_ExactlyWhenHashKindVersionAndSceneAre()
    {
        var key = new VerdictKey(UInt128.MaxValue - 5, ContentKind.Text, 2, 3);

        Assert.Equal(key, new VerdictKey(UInt128.MaxValue - 5, ContentKind.Text, 2, 3));
        Assert.Equal(key.GetHashCode(), new VerdictKey(UInt128.MaxValue - 5, ContentKind.Text, 2, 3).GetHashCode());
        Assert.NotEqual(key, key with { Hash = UInt128.MaxValue - 5 - ((UInt128)1 << 64) });
        Assert.NotEqual(key, key with { Kind = ContentKind.Image });
        Assert.NotEqual(key, key with { Version = 1 });
        Assert.NotEqual(key, key with { Scene = 2 });
    }

    private const string KeySecret = "a-key-secret-of-the-farm-only";

    private const string Text = "这篇文章写得很好, thanks!";

    private static readonly byte[] Image = [.. Enumerable.Range(0, 3000).Select(i => (byte)((i * 31) ^ (i >> 8)))];

    private static byte[] Utf16(string text) => MemoryMarshal.AsBytes(text.AsSpan()).ToArray();

    private sealed class UnusedTokenSource : IWeChatAccessTokenSource
    {
        public ValueTask<WeChatAccessToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A key is computed without a token.");
    }

    private static UInt128 Sha256Key(string appId, string kind, byte[] content)
    {
        var prefix = HMACSHA256.HashData(Encoding.UTF8.GetBytes("appid:" + appId), Encoding.UTF8.GetBytes("AspNetCore.WeChatSecurity/verdict-cache-key/sha256/" + kind));
        var digest = SHA256.HashData([.. prefix, .. content]);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }
}
