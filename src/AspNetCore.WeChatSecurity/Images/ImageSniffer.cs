using System.Buffers.Binary;

namespace AspNetCore.WeChatSecurity.Images;

/// <summary>
/// Reads an image's format and dimensions from its first bytes, without decoding it. The content type a client claims
/// is never trusted. Whatever the bytes, the only exception is <see cref="WeChatInvalidContentException"/>.
/// </summary>
internal static class ImageSniffer
{
    public const string AcceptedFormats = "PNG, JPEG or GIF";

    // Real JPEGs reach their frame header within a few dozen segments; the bound keeps hostile input cheap.
    private const int MaxJpegSegments = 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngHeaderChunk => "IHDR"u8;

    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;

    /// <exception cref="WeChatInvalidContentException">Empty (400), not PNG, JPEG or GIF (415), or headers that cannot be read (400).</exception>
    public static ImageInfo Sniff(ReadOnlySpan<byte> image)
    {
        if (image.IsEmpty)
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.Unreadable, "The image is empty.");
        }

        if (image.StartsWith(PngSignature))
        {
            return ReadPng(image);
        }

        if (image.StartsWith(Gif87) || image.StartsWith(Gif89))
        {
            return ReadGif(image);
        }

        if (image.Length >= 3 && image[0] == 0xFF && image[1] == 0xD8 && image[2] == 0xFF)
        {
            return ReadJpeg(image);
        }

        throw new WeChatInvalidContentException(WeChatInvalidContentReason.UnsupportedFormat, $"The image is not a {AcceptedFormats} file; only those formats are accepted.");
    }

    private static ImageInfo ReadPng(ReadOnlySpan<byte> image)
    {
        // The IHDR chunk comes first: length (4), type (4), width (4), height (4), all big-endian.
        if (image.Length < 24 || !image.Slice(12, 4).SequenceEqual(PngHeaderChunk))
        {
            throw Damaged("PNG");
        }

        return Checked(ImageFormat.Png, BinaryPrimitives.ReadUInt32BigEndian(image[16..]), BinaryPrimitives.ReadUInt32BigEndian(image[20..]));
    }

    private static ImageInfo ReadGif(ReadOnlySpan<byte> image)
    {
        // The logical screen descriptor follows the signature: width (2), height (2), little-endian.
        if (image.Length < 10)
        {
            throw Damaged("GIF");
        }

        return Checked(ImageFormat.Gif, BinaryPrimitives.ReadUInt16LittleEndian(image[6..]), BinaryPrimitives.ReadUInt16LittleEndian(image[8..]));
    }

    private static ImageInfo ReadJpeg(ReadOnlySpan<byte> image)
    {
        var position = 2;
        for (var segment = 0; segment < MaxJpegSegments; segment++)
        {
            if (position >= image.Length || image[position] != 0xFF)
            {
                break;
            }

            // Any number of 0xFF fill bytes may precede a marker.
            while (position < image.Length && image[position] == 0xFF)
            {
                position++;
            }

            if (position >= image.Length)
            {
                break;
            }

            var marker = image[position++];
            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                continue; // Markers without a length.
            }

            if (marker is 0xD9 or 0xDA || position + 2 > image.Length)
            {
                break; // End of image or start of scan before any frame header.
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(image[position..]);
            if (length < 2)
            {
                break;
            }

            if (IsStartOfFrame(marker))
            {
                // Length (2), precision (1), height (2), width (2).
                if (length < 7 || position + 7 > image.Length)
                {
                    break;
                }

                return Checked(ImageFormat.Jpeg, BinaryPrimitives.ReadUInt16BigEndian(image[(position + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(position + 3)..]));
            }

            position += length;
        }

        throw Damaged("JPEG");
    }

    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static ImageInfo Checked(ImageFormat format, uint width, uint height)
    {
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Damaged(format.ToString().ToUpperInvariant());
        }

        return new ImageInfo(format, (int)width, (int)height);
    }

    private static WeChatInvalidContentException Damaged(string format) =>
        new(WeChatInvalidContentReason.Unreadable, $"The image looks like {format} but its header is damaged or truncated, so its size cannot be read.");
}
