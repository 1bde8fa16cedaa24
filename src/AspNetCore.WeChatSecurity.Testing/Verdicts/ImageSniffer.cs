namespace AspNetCore.WeChatSecurity.Testing.Verdicts;

/// <summary>Recognises the formats <c>img_sec_check</c> documents (PNG, JPEG, GIF) by their magic bytes.</summary>
internal static class ImageSniffer
{
    public static bool IsSupportedImage(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || data.StartsWith("GIF87a"u8)
        || data.StartsWith("GIF89a"u8);
}
