using System.Globalization;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>The errors a client gets for an image that cannot be resized: each answers with its status, never 500.</summary>
internal static class ImageErrors
{
    public static WeChatInvalidContentException Unreadable(string format) =>
        new(WeChatInvalidContentReason.Unreadable, $"The image looks like {format} but cannot be decoded: it is damaged or truncated. Send the file again, or another one.");

    public static WeChatInvalidContentException Undecodable(string format, SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => new(WeChatInvalidContentReason.Unreadable, $"The {format} image is truncated: its pixels end before the image does. Send the whole file again."),
        SKCodecResult.Unimplemented => new(WeChatInvalidContentReason.UnsupportedFormat, $"The {format} image uses a variant that cannot be decoded for the check. Send it as an ordinary PNG or JPEG."),
        _ => Unreadable(format),
    };

    public static WeChatInvalidContentException TooManyPixels(SKSizeI size, long maxPixels) =>
        new(WeChatInvalidContentReason.TooLarge, string.Create(CultureInfo.InvariantCulture, $"The image is {size.Width}x{size.Height} pixels; images over {maxPixels:N0} pixels are not resized. Send a smaller image."));

    public static WeChatInvalidContentException DoesNotFit(long maxBytes, int attempts) =>
        new(WeChatInvalidContentReason.TooLarge, string.Create(CultureInfo.InvariantCulture, $"The image could not be brought under {maxBytes:N0} bytes in {attempts} encodings. Send a simpler or smaller image."));
}
