using System.Buffers.Binary;
using System.IO.Hashing;
using AspNetCore.WeChatSecurity.TestData;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>
/// Images made by SkiaSharp (GIF, which it cannot encode, by hand), each with a red marker block in the stored top-left
/// corner so that a test can tell where that corner ended up. Seeded: the same bytes on every run.
/// </summary>
internal static class GeneratedImages
{
    public static readonly SKColor Marker = new(255, 0, 0);

    /// <summary>A phone-like photo: gradients, shapes and sensor-like noise, so that JPEG cannot make it small.</summary>
    public static byte[] Photo(int width, int height, int quality = 92, int seed = 1, int markerSize = 200, int noise = 24)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(seed);
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                pixels[i] = Channel(40 + (120 * x / width), random, noise);
                pixels[i + 1] = Channel(110 + (100 * y / height), random, noise);
                pixels[i + 2] = Channel(160 + (60 * (x + y) / (width + height)), random, noise);
                pixels[i + 3] = 255;
            }
        }

        using (var canvas = new SKCanvas(bitmap))
        {
            using var paint = new SKPaint { Color = Marker };
            canvas.DrawRect(0, 0, markerSize, markerSize, paint);
        }

        return Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    }

    /// <summary>A PNG whose right half is fully transparent and whose left half is opaque green, marker in the top-left corner.</summary>
    public static byte[] TransparentPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(SKColors.Transparent);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var green = new SKPaint { Color = new SKColor(0, 160, 0) };
            canvas.DrawRect(0, 0, width / 2f, height, green);
            using var marker = new SKPaint { Color = Marker };
            canvas.DrawRect(0, 0, width / 10f, height / 10f, marker);
        }

        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>An opaque PNG of one colour.</summary>
    public static byte[] Png(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(color);
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>A PNG signature and an IHDR chunk claiming the dimensions, then <paramref name="tail"/>: no real pixels.</summary>
    public static byte[] PngHeader(int width, int height, ReadOnlySpan<byte> tail)
    {
        var bytes = PngHeaders.Create(width, height, PngHeaders.Length + tail.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
        tail.CopyTo(bytes.AsSpan(PngHeaders.Length));
        return bytes;
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment with one Orientation tag right after the JPEG's SOI marker: what a phone writes when
    /// it stores the sensor's pixels as they came and says how to turn them.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        // "Exif\0\0", then a big-endian TIFF header and one IFD with one SHORT entry (tag 0x0112).
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01,
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// An animated GIF of <paramref name="colors"/>.Length frames, each filled with one colour. GIF is written by hand
    /// (SkiaSharp encodes none): a clear code after every two pixels keeps the LZW codes at three bits.
    /// </summary>
    public static byte[] AnimatedGif(int width, int height, params SKColor[] colors)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        WriteUInt16(output, width);
        WriteUInt16(output, height);
        output.WriteByte(0xF1); // global colour table, 4 entries
        output.WriteByte(0);
        output.WriteByte(0);
        for (var i = 0; i < 4; i++)
        {
            var color = i < colors.Length ? colors[i] : SKColors.Black;
            output.WriteByte(color.Red);
            output.WriteByte(color.Green);
            output.WriteByte(color.Blue);
        }

        // NETSCAPE2.0: loop forever, as animated GIFs do.
        output.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
        for (var frame = 0; frame < colors.Length; frame++)
        {
            output.Write([0x21, 0xF9, 0x04, 0x04, 0x0A, 0x00, 0x00, 0x00]); // 100 ms, do not dispose
            output.WriteByte(0x2C);
            WriteUInt16(output, 0);
            WriteUInt16(output, 0);
            WriteUInt16(output, width);
            WriteUInt16(output, height);
            output.WriteByte(0);
            output.WriteByte(2); // LZW minimum code size
            WriteSubBlocks(output, Lzw(width * height, (byte)frame));
        }

        output.WriteByte(0x3B);
        return output.ToArray();
    }

    public static SKBitmap Decode(ReadOnlySpan<byte> image) =>
        SKBitmap.Decode(image) ?? throw new InvalidOperationException("SkiaSharp could not decode the image.");

    public static bool IsMarker(SKColor color) => color.Red > 200 && color.Green < 60 && color.Blue < 60;

    private static byte Channel(int value, Random random, int noise) => (byte)Math.Clamp(value + random.Next(-noise, noise + 1), 0, 255);

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    private static byte[] Lzw(int pixels, byte index)
    {
        const int Clear = 4;
        const int End = 5;
        var bits = new BitWriter();
        for (var i = 0; i < pixels; i++)
        {
            if (i % 2 == 0)
            {
                bits.Write(Clear, 3);
            }

            bits.Write(index, 3);
        }

        bits.Write(End, 3);
        return bits.ToArray();
    }

    private static void WriteSubBlocks(Stream output, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            output.WriteByte((byte)length);
            output.Write(data, offset, length);
        }

        output.WriteByte(0);
    }

    private static void WriteUInt16(Stream output, int value)
    {
        output.WriteByte((byte)value);
        output.WriteByte((byte)(value >> 8));
    }

    /// <summary>Packs codes least significant bit first, as GIF's LZW stream does.</summary>
    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _buffer;
        private int _count;

        public void Write(int code, int width)
        {
            _buffer |= code << _count;
            _count += width;
            while (_count >= 8)
            {
                _bytes.Add((byte)_buffer);
                _buffer >>= 8;
                _count -= 8;
            }
        }

        public byte[] ToArray()
        {
            if (_count > 0)
            {
                _bytes.Add((byte)_buffer);
            }

            return [.. _bytes];
        }
    }
}
