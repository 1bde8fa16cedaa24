using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>
/// EXIF orientation: a phone stores the sensor's pixels as they came and says in the header how to turn them. WeChat
/// checks the pixels as stored, so they are turned here and the copy carries no orientation.
/// </summary>
internal static class Orientation
{
    /// <summary>Whether the image is displayed with its width and height exchanged (a quarter turn or a transposition).</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    public static SKSizeI Displayed(SKSizeI stored, SKEncodedOrigin origin) =>
        SwapsAxes(origin) ? new SKSizeI(stored.Height, stored.Width) : stored;

    /// <summary>Returns the bitmap as displayed: <paramref name="stored"/> itself when it is upright, else a new bitmap.</summary>
    public static SKBitmap Apply(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or 0)
        {
            return stored;
        }

        var size = Displayed(new SKSizeI(stored.Width, stored.Height), origin);
        var upright = new SKBitmap(new SKImageInfo(size.Width, size.Height, stored.ColorType, stored.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(Matrix(origin, stored.Width, stored.Height));
        using var image = SKImage.FromBitmap(stored);
        // Quarter turns and flips map pixels onto pixels: nearest sampling copies them exactly.
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return upright;
    }

    // Maps a stored pixel (x, y) of a w x h image to where it is displayed: x' = ScaleX*x + SkewX*y + TransX, y' = SkewY*x + ScaleY*y + TransY.
    private static SKMatrix Matrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix { ScaleX = -1, TransX = w, ScaleY = 1, Persp2 = 1 },
        SKEncodedOrigin.BottomRight => new SKMatrix { ScaleX = -1, TransX = w, ScaleY = -1, TransY = h, Persp2 = 1 },
        SKEncodedOrigin.BottomLeft => new SKMatrix { ScaleX = 1, ScaleY = -1, TransY = h, Persp2 = 1 },
        SKEncodedOrigin.LeftTop => new SKMatrix { SkewX = 1, SkewY = 1, Persp2 = 1 },
        SKEncodedOrigin.RightTop => new SKMatrix { SkewX = -1, TransX = h, SkewY = 1, Persp2 = 1 },
        SKEncodedOrigin.RightBottom => new SKMatrix { SkewX = -1, TransX = h, SkewY = -1, TransY = w, Persp2 = 1 },
        SKEncodedOrigin.LeftBottom => new SKMatrix { SkewX = 1, SkewY = -1, TransY = w, Persp2 = 1 },
        _ => SKMatrix.Identity,
    };
}
