namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Shrinks an image that is over WeChat's limits, used when <see cref="WeChatSecurityOptions.OversizePolicy"/> is
/// <see cref="WeChatOversizePolicy.Resize"/>. The library ships none, so that it depends on no image library.
/// </summary>
public interface IWeChatImageResizer
{
    /// <summary>Returns a PNG, JPEG or GIF of at most <paramref name="maxBytes"/> bytes and the given dimensions.</summary>
    /// <param name="image">The original image.</param>
    /// <param name="maxWidth">The widest the result may be, in pixels.</param>
    /// <param name="maxHeight">The tallest the result may be, in pixels.</param>
    /// <param name="maxBytes">The largest the result may be, in bytes.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    ValueTask<ReadOnlyMemory<byte>> ResizeAsync(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken);
}
