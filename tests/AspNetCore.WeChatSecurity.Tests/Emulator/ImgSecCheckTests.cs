using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

public sealed class ImgSecCheckTests
{
    [Fact]
    public async Task SafeTestImage_Passes()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage));

        Assert.Equal(0, answer.ErrCode());
        Assert.Equal("ok", answer.GetProperty("errmsg").GetString());
    }

    [Fact]
    public async Task RiskyTestImage_Is87014()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.RiskyTestImage));

        Assert.Equal(87014, answer.ErrCode());
        Assert.Equal("risky content", answer.GetProperty("errmsg").GetString());
    }

    [Fact]
    public async Task ImageWithAListedHash_Is87014()
    {
        var safe = WeChatEmulator.SafeTestImage;
        using var harness = new EmulatorHarness(o => o.RiskyMediaSha256.Add(Convert.ToHexString(SHA256.HashData(safe.Span))));

        Assert.Equal(87014, (await harness.CheckImageAsync(EmulatorHarness.Multipart(safe))).ErrCode());
    }

    [Fact]
    public async Task QuotedBoundary_Is41005LikeWeChat()
    {
        using var harness = new EmulatorHarness();
        var content = EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage, quoteBoundary: true);

        var answer = await harness.CheckImageAsync(content);

        Assert.Equal(41005, answer.ErrCode());
        Assert.Contains("boundary=\"", harness.Emulator.Requests[0].ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartNotNamedMedia_Is47001()
    {
        using var harness = new EmulatorHarness();

        var answer = await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage, name: "file"));

        Assert.Equal(47001, answer.ErrCode());
        Assert.Equal("file", harness.Emulator.Requests[0].PartName);
    }

    [Fact]
    public async Task MediaPartWithoutFileName_Is41005()
    {
        using var harness = new EmulatorHarness();

        Assert.Equal(41005, (await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage, fileName: null))).ErrCode());
    }

    [Fact]
    public async Task NonMultipartBody_Is41005()
    {
        using var harness = new EmulatorHarness();
        var content = new ByteArrayContent(WeChatEmulator.SafeTestImage.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        Assert.Equal(41005, (await harness.CheckImageAsync(content)).ErrCode());
    }

    [Fact]
    public async Task MultipartWithNoParts_Is41005()
    {
        using var harness = new EmulatorHarness();
        var content = new ByteArrayContent("--b\r\n\r\n--b--\r\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        Assert.Equal(41005, (await harness.CheckImageAsync(content)).ErrCode());
    }

    [Fact]
    public async Task ImageOver1MB_Is40006_At1MBIsChecked()
    {
        using var harness = new EmulatorHarness();
        byte[] Png(int size)
        {
            var bytes = new byte[size];
            WeChatEmulator.SafeTestImage.Span.CopyTo(bytes);
            return bytes;
        }

        Assert.Equal(0, (await harness.CheckImageAsync(EmulatorHarness.Multipart(Png(1024 * 1024)))).ErrCode());
        Assert.Equal(40006, (await harness.CheckImageAsync(EmulatorHarness.Multipart(Png(1024 * 1024 + 1)))).ErrCode());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0 }, 0)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0 }, 0)]
    [InlineData(new byte[] { (byte)'B', (byte)'M', 0, 0, 0, 0 }, 40004)]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, 40004)]
    public async Task ImageFormat_IsSniffedFromMagicBytes(byte[] data, int errcode)
    {
        using var harness = new EmulatorHarness();

        Assert.Equal(errcode, (await harness.CheckImageAsync(EmulatorHarness.Multipart(data, contentType: "image/png"))).ErrCode());
    }

    [Fact]
    public async Task RequestLog_KeepsPartFileNameAndContentType()
    {
        using var harness = new EmulatorHarness();

        await harness.CheckImageAsync(EmulatorHarness.Multipart(WeChatEmulator.SafeTestImage, fileName: "头像.jpg", contentType: "image/jpeg"));

        var request = Assert.Single(harness.Emulator.Requests);
        Assert.Equal("media", request.PartName);
        Assert.Equal("头像.jpg", request.PartFileName);
        Assert.Equal("image/jpeg", request.PartContentType);
        Assert.False(request.HasUnicodeEscapes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TestImages_AreValidTwoByTwoPngs(bool risky)
    {
        var png = (risky ? WeChatEmulator.RiskyTestImage : WeChatEmulator.SafeTestImage).ToArray();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        var pixels = new MemoryStream();
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)), Crc32(png.AsSpan(offset + 4, length + 4)));
            if (type == "IHDR")
            {
                Assert.Equal((2, 2), (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..])));
            }
            else if (type == "IDAT")
            {
                using var zlib = new ZLibStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
                zlib.CopyTo(pixels);
            }

            offset += 12 + length;
        }

        Assert.Equal(2 * (1 + (2 * 3)), pixels.Length);
        Assert.NotEqual(WeChatEmulator.RiskyTestImage.ToArray(), WeChatEmulator.SafeTestImage.ToArray());
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
