using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>The size an image is brought to: within the box, aspect ratio kept, never larger than it is.</summary>
internal static class TargetSize
{
    public static SKSizeI Fit(SKSizeI size, int maxWidth, int maxHeight)
    {
        var scale = Math.Min(1d, Math.Min((double)maxWidth / size.Width, (double)maxHeight / size.Height));
        return Scale(size, scale, maxWidth, maxHeight);
    }

    /// <summary>Scales by <paramref name="scale"/>, rounding, never below one pixel nor over the box.</summary>
    public static SKSizeI Scale(SKSizeI size, double scale, int maxWidth, int maxHeight) => new(
        Math.Clamp((int)Math.Round(size.Width * scale, MidpointRounding.AwayFromZero), 1, maxWidth),
        Math.Clamp((int)Math.Round(size.Height * scale, MidpointRounding.AwayFromZero), 1, maxHeight));
}
