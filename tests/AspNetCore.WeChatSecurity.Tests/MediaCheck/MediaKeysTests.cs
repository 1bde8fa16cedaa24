using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Verdicts;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>
/// A stored record names its verdict by the key written out: a push that arrives after a restart must read back the
/// very key the check was submitted under, or its verdict never reaches the cache.
/// </summary>
public sealed class MediaKeysTests
{
    private static readonly VerdictKeyFactory Keys = new(new WeChatSecurityOptions { AppSecret = "media-keys-secret" });

    [Fact]
    public void ImageAndAudioKeys_ReadBackAsWritten()
    {
        byte[] media = [1, 2, 3, 4, 5];
        foreach (var key in new[] { Keys.ForMedia(media, WeChatMediaType.Image), Keys.ForMedia(media, WeChatMediaType.Audio) })
        {
            Assert.True(MediaKeys.TryParse(MediaKeys.From(key), out var read));
            Assert.Equal(key, read);
        }
    }

    [Theory]
    [InlineData("text:v1:s0:0000000000000000000000000000002a")]
    [InlineData("video:v1:s0:0000000000000000000000000000002a")]
    [InlineData("image:v2:s0:0000000000000000000000000000002a")]
    [InlineData("image:v1:s3:0000000000000000000000000000002a")]
    [InlineData("image:v1:s0:not-hex")]
    [InlineData("image:v1:s0")]
    public void KeysThatNameNoMedia_AreRefused(string written) =>
        Assert.False(MediaKeys.TryParse(written, out _));

    [Fact]
    public void EachKind_IsSpelledOnce()
    {
        Assert.Equal(["text", "image", "audio"], ContentKindNames.All);
        foreach (var kind in Enum.GetValues<ContentKind>())
        {
            Assert.Equal(kind, ContentKindNames.Parse(ContentKindNames.Of(kind)));
            Assert.Same(ContentKindNames.All[ContentKindNames.IndexOf(kind)], new VerdictKey(0, kind, 1, 0).KindName);
        }
    }
}
