using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>
/// Decodes the first frame at the smallest size the codec can produce that still covers the target: JPEG decodes at
/// n/8 of its size (a 4000x3000 photo bound for 750x563 decodes at 1000x750, a sixteenth of the pixels), PNG and GIF
/// at full size.
/// </summary>
internal static class ScaledDecoder
{
    private const int JpegScaleSteps = 8;

    /// <exception cref="WeChatInvalidContentException">The image is truncated or damaged (400).</exception>
    public static SKBitmap Decode(SKCodec codec, SKSizeI storedTarget, string format)
    {
        var size = DecodeSize(codec, storedTarget);
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha));
        try
        {
            // Frame 0 only: an animated GIF is checked by its first frame, as WeChat does.
            var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels(), new SKCodecOptions(0));
            if (result != SKCodecResult.Success)
            {
                throw ImageErrors.Undecodable(format, result);
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static SKSizeI DecodeSize(SKCodec codec, SKSizeI storedTarget)
    {
        var full = codec.Info.Size;
        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            return full;
        }

        for (var step = 1; step < JpegScaleSteps; step++)
        {
            var scaled = codec.GetScaledDimensions(step / (float)JpegScaleSteps);
            if (scaled.Width >= storedTarget.Width && scaled.Height >= storedTarget.Height)
            {
                return scaled;
            }
        }

        return full;
    }
}
