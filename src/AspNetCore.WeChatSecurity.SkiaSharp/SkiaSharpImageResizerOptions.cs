namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>
/// Options of the SkiaSharp image resizer, bound from the <c>WeChatSecurity:SkiaSharp</c> configuration section when
/// the application has an <c>IConfiguration</c>, then from the delegate given to <c>AddSkiaSharpImageResizer</c>.
/// The limits themselves (bytes, pixels, dimensions) are <see cref="WeChatSecurityOptions"/>'s.
/// </summary>
public sealed class SkiaSharpImageResizerOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "WeChatSecurity:SkiaSharp";

    /// <summary>
    /// How many images are decoded and encoded at once; further uploads wait their turn, so that a burst cannot hold more
    /// decoded pixels in memory than this many images. Default the number of processors.
    /// </summary>
    public int MaxConcurrentResizes { get; set; } = Environment.ProcessorCount;

    /// <summary>The JPEG quality of the first encoding of a photo, 1 to 100. Default 85.</summary>
    public int JpegQuality { get; set; } = 85;

    /// <summary>
    /// The lowest JPEG quality tried before the image is made smaller instead, 1 to 100. Default 50: below it, artefacts
    /// start to look like content and could mislead the check.
    /// </summary>
    public int MinimumJpegQuality { get; set; } = 50;

    /// <summary>
    /// The most encodings tried to fit <see cref="WeChatImageOptions.MaxImageBytes"/> (lower quality first, then
    /// fewer pixels); past them the image gets 413. Default 8.
    /// </summary>
    public int MaxEncodeAttempts { get; set; } = 8;
}
