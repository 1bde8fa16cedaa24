using AspNetCore.WeChatSecurity.Images;

namespace AspNetCore.WeChatSecurity.Tests.Images;

public class ImageSnifferTests
{
    [Fact]
    public void Png_FormatAndDimensionsFromIhdr()
    {
        Assert.Equal(new ImageInfo(ImageFormat.Png, 640, 480), ImageSniffer.Sniff(TestImages.Png(640, 480)));
    }

    [Fact]
    public void Gif_FormatAndDimensionsFromTheScreenDescriptor()
    {
        Assert.Equal(new ImageInfo(ImageFormat.Gif, 300, 1200), ImageSniffer.Sniff(TestImages.Gif(300, 1200)));
    }

    [Theory]
    [InlineData(0xC0)]
    [InlineData(0xC1)]
    [InlineData(0xC2)]
    public void Jpeg_DimensionsFromTheFrameHeaderAfterOtherSegments(byte frameMarker)
    {
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 750, 1334), ImageSniffer.Sniff(TestImages.Jpeg(750, 1334, frameMarker)));
    }

    [Fact]
    public void Empty_400()
    {
        Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff([])).Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x42, 0x4D, 0x00, 0x00, 0x00, 0x00 })] // BMP
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x00, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50 })] // WebP
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g' })]
    [InlineData(new byte[] { 0xFF, 0xD8 })] // too short to be a JPEG
    public void OtherFormats_415NamingTheAcceptedOnes(byte[] bytes)
    {
        var exception = Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(bytes));

        Assert.Equal(WeChatInvalidContentReason.UnsupportedFormat, exception.Reason);
        Assert.Contains("PNG, JPEG or GIF", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedJpegAtEveryLength_OnlyInvalidContentUntilTheFrameIsWhole()
    {
        var jpeg = TestImages.Jpeg(100, 200);
        var frameEnd = Array.IndexOf(jpeg, (byte)0xC0) + 8; // marker, length, precision, height, width

        for (var length = 3; length < jpeg.Length; length++)
        {
            var prefix = jpeg.AsSpan(0, length).ToArray();
            if (length < frameEnd)
            {
                Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(prefix)).Reason);
            }
            else
            {
                Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 100, 200), ImageSniffer.Sniff(prefix));
            }
        }
    }

    [Fact]
    public void TruncatedPngAndGif_400()
    {
        Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(TestImages.Png(1, 1).AsSpan(0, 20))).Reason);
        Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(TestImages.Gif(1, 1).AsSpan(0, 8))).Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x00 })] // segment length below 2
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0x00 })] // segment longer than the file
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0x00 })] // scan before any frame
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })] // end of image before any frame
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x00, 0x00, 0x10 })] // zero height
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02, 0x12, 0x34 })] // no marker where one must be
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xFF })] // fill bytes to the end
    public void MalformedJpeg_400(byte[] bytes)
    {
        Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(bytes)).Reason);
    }

    [Fact]
    public void JpegOfManyEmptySegments_GivesUpWithin400()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        for (var i = 0; i < 5000; i++)
        {
            bytes.AddRange([0xFF, 0xE1, 0x00, 0x02]);
        }

        bytes.AddRange(TestImages.Jpeg(10, 10).Skip(2));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, Assert.Throws<WeChatInvalidContentException>(() => ImageSniffer.Sniff(bytes.ToArray())).Reason);
    }

    [Fact]
    public void RandomBytesAfterAJpegSignature_NeverAnythingButInvalidContent()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(3, 64)];
            random.NextBytes(bytes);
            bytes[0] = 0xFF;
            bytes[1] = 0xD8;
            bytes[2] = 0xFF;

            try
            {
                var info = ImageSniffer.Sniff(bytes);
                Assert.True(info.Width > 0 && info.Height > 0);
            }
            catch (WeChatInvalidContentException exception)
            {
                Assert.Equal(WeChatInvalidContentReason.Unreadable, exception.Reason);
            }
        }
    }
}
