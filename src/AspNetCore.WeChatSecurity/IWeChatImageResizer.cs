namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Shrinks an image that is over WeChat's limits, used when <see cref="WeChatImageOptions.OversizePolicy"/> is
/// <see cref="WeChatOversizePolicy.Resize"/>. The core library ships none, so that it depends on no image library: the
/// <c>AspNetCore.WeChatSecurity.SkiaSharp</c> package adds one (<c>AddSkiaSharpImageResizer()</c>), or write your own.
/// It is called only for an image within <see cref="WeChatImageOptions.MaxResizableImageBytes"/> and
/// <see cref="WeChatImageOptions.MaxResizablePixels"/>, once per distinct image: the verdict is cached under the
/// original bytes.
/// </summary>
public interface IWeChatImageResizer
{
    /// <summary>Returns a PNG, JPEG or GIF of at most <paramref name="maxBytes"/> bytes and the given dimensions.</summary>
    /// <param name="image">The original image.</param>
    /// <param name="maxWidth">The widest the result may be, in pixels.</param>
    /// <param name="maxHeight">The tallest the result may be, in pixels.</param>
    /// <param name="maxBytes">The largest the result may be, in bytes.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="WeChatInvalidContentException">
    /// The image cannot be decoded (400 or 415) or cannot be brought within the limits (413): thrown as it is, it answers
    /// the client with that status instead of a server error.
    /// </exception>
    ValueTask<ReadOnlyMemory<byte>> ResizeAsync(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken);
}
