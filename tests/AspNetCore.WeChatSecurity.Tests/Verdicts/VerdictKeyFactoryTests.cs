using System.Runtime.InteropServices;
using System.Text;
using AspNetCore.WeChatSecurity.Verdicts;

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
        var keys = new VerdictKeyFactory(VerdictKeyFactory.DeriveSeed(new WeChatSecurityOptions { AppId = "wx-golden", AppSecret = "golden-secret" }));
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
        var keys = new VerdictKeyFactory(VerdictKeyFactory.DeriveSeed(new WeChatSecurityOptions { AppId = "wx-golden", AppSecret = "golden-secret" }));
        var utf8 = Encoding.UTF8.GetBytes("hi");
        var sameBytes = new string(MemoryMarshal.Cast<byte, char>(utf8));

        Assert.Equal(utf8, MemoryMarshal.AsBytes(sameBytes.AsSpan()).ToArray());
        Assert.NotEqual(keys.ForText("hi", 1, WeChatScene.Comment, null).Hash, keys.ForText(sameBytes, 1, WeChatScene.Comment, null).Hash);
        Assert.NotEqual(keys.ForImage(utf8).Hash, keys.ForText(sameBytes, 1, WeChatScene.Comment, null).Hash);
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
}
