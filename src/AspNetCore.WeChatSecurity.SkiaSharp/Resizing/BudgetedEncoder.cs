using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>
/// Encodes within a byte limit: a photo as JPEG at falling quality, then smaller; an image with transparent pixels as
/// PNG (JPEG would paint them black), made smaller until it fits. The number of encodings is bounded.
/// </summary>
internal static class BudgetedEncoder
{
    private const int QualityStep = 10;

    // Aims a little under the limit when shrinking: a file's size is not exactly proportional to its pixels.
    private const double ShrinkMargin = 0.9;

    /// <exception cref="WeChatInvalidContentException">Still over the limit after the last attempt (413).</exception>
    public static EncodedImage Encode(SKBitmap image, long maxBytes, SkiaSharpImageResizerOptions options, CancellationToken cancellationToken)
    {
        var format = HasTransparency(image) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        var quality = options.JpegQuality;
        var current = image;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var encoded = EncodeOnce(current, format, quality);
                if (encoded.LongLength <= maxBytes)
                {
                    return new EncodedImage(encoded, format, current.Width, current.Height, attempt);
                }

                if (attempt >= options.MaxEncodeAttempts)
                {
                    throw ImageErrors.DoesNotFit(maxBytes, attempt);
                }

                if (format == SKEncodedImageFormat.Jpeg && quality > options.MinimumJpegQuality)
                {
                    quality = Math.Max(options.MinimumJpegQuality, quality - QualityStep);
                    continue;
                }

                var scale = Math.Min(ShrinkMargin, Math.Sqrt((double)maxBytes / encoded.LongLength) * ShrinkMargin);
                var smaller = Shrink(current, scale);
                if (!ReferenceEquals(current, image))
                {
                    current.Dispose();
                }

                current = smaller;
            }
        }
        finally
        {
            if (!ReferenceEquals(current, image))
            {
                current.Dispose();
            }
        }
    }

    /// <summary>Scales with mipmaps, so that a large reduction averages the pixels instead of skipping them.</summary>
    public static SKBitmap ScaleTo(SKBitmap source, SKSizeI size)
    {
        var target = new SKBitmap(new SKImageInfo(size.Width, size.Height, source.ColorType, source.AlphaType));
        if (!source.ScalePixels(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
        {
            target.Dispose();
            throw new InvalidOperationException($"SkiaSharp could not scale a {source.Width}x{source.Height} bitmap to {size.Width}x{size.Height}.");
        }

        return target;
    }

    private static SKBitmap Shrink(SKBitmap source, double scale) =>
        ScaleTo(source, TargetSize.Scale(new SKSizeI(source.Width, source.Height), scale, source.Width, source.Height));

    private static byte[] EncodeOnce(SKBitmap image, SKEncodedImageFormat format, int quality)
    {
        using var pixmap = image.PeekPixels();
        using var data = format == SKEncodedImageFormat.Png
            ? pixmap.Encode(SKPngEncoderOptions.Default)
            : pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height} bitmap as {format}.");
    }

    private static bool HasTransparency(SKBitmap image)
    {
        if (image.AlphaType == SKAlphaType.Opaque)
        {
            return false;
        }

        // RGBA, 4 bytes a pixel: the alpha is every fourth byte.
        var pixels = image.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] != byte.MaxValue)
            {
                return true;
            }
        }

        return false;
    }
}
