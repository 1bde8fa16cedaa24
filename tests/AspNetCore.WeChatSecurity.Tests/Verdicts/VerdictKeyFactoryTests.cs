using AspNetCore.WeChatSecurity.Verdicts;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

public sealed class VerdictKeyFactoryTests
{
    /// <summary>
    /// Servers of different versions share one distributed cache: if a release changed the keys of the same content,
    /// every verdict would be asked of WeChat again (and its quota spent). These keys were computed before the hash
    /// moved from our own XXH3 to System.IO.Hashing's, and must not change.
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

        Assert.Equal("text:v1:s0:f542b899738bccbfc21a40db89b70435", keys.ForText("hello", 1, WeChatScene.Comment, null).ToString());
        Assert.Equal("text:v2:s3:2cd8c3bd4c52d77ef788a112a952bcdc", keys.ForText("hello", 2, WeChatScene.Forum, new WeChatCheckContext { Title = "title", Nickname = "nick" }).ToString());
        Assert.Equal("text:v2:s2:85c28bd5788ac92581c19ad1204caa91", keys.ForText(new string('評', 700), 2, WeChatScene.Comment, null).ToString());
        Assert.Equal("image:v1:s0:4dd7868f68e9c89ee8ac192a0cc45d53", keys.ForImage(image.AsSpan(0, 64)).ToString());
        Assert.Equal("image:v1:s0:d120d67997e1ddd209d3bf2f5c118fdc", keys.ForImage(image).ToString());
    }
}
