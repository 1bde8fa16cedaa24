using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>The resizer's log messages: event ids 6xx, after the core library's 1xx to 5xx.</summary>
internal static partial class SkiaSharpResizerLog
{
    [LoggerMessage(600, LogLevel.Debug, "Resized an image of {OriginalBytes} bytes to a {Format} of {Width}x{Height} pixels and {Bytes} bytes in {Attempts} encoding(s), {ElapsedMilliseconds:F1} ms.")]
    public static partial void Resized(ILogger logger, int originalBytes, SKEncodedImageFormat format, int width, int height, int bytes, int attempts, double elapsedMilliseconds);

    [LoggerMessage(601, LogLevel.Information, "An image of {OriginalBytes} bytes was not resized ({Refusal}): {Reason}")]
    public static partial void Refused(ILogger logger, int originalBytes, WeChatInvalidContentReason refusal, string reason);
}
