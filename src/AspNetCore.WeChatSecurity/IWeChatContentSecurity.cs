namespace AspNetCore.WeChatSecurity;

/// <summary>
/// WeChat content-security checks for code paths without an attribute (a background job, a SignalR hub). Verdicts are
/// cached and concurrent identical checks share one WeChat call, exactly as for the attributes.
/// </summary>
public interface IWeChatContentSecurity
{
    /// <summary>Checks text. Empty or whitespace text passes without a call; long text is checked in overlapping chunks.</summary>
    /// <param name="text">The text.</param>
    /// <param name="context">Scene, openid and version; null uses the options.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="WeChatInvalidContentException">The text is longer than <see cref="WeChatTextOptions.MaxTextLength"/> (413).</exception>
    /// <exception cref="WeChatUnavailableException">WeChat could not give a verdict.</exception>
    ValueTask<WeChatVerdict> CheckTextAsync(string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Checks an image. Its format is sniffed from its bytes (PNG, JPEG, GIF).</summary>
    /// <param name="image">The image's bytes.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="WeChatInvalidContentException">The image is empty (400), over the limits (413) or not PNG, JPEG or GIF (415).</exception>
    /// <exception cref="WeChatUnavailableException">WeChat could not give a verdict.</exception>
    ValueTask<WeChatVerdict> CheckImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks an image read from a stream, reading at most <see cref="WeChatImageOptions.MaxImageBytes"/> plus one byte (the
    /// larger of it and <see cref="WeChatImageOptions.MaxResizableImageBytes"/> with <see cref="WeChatOversizePolicy.Resize"/>).
    /// </summary>
    /// <param name="image">The stream; read from its current position.</param>
    /// <param name="cancellationToken">Cancels the check, and the reads of the stream.</param>
    /// <returns>The verdict.</returns>
    /// <remarks>
    /// The image is read before the verdict cache is asked, since its bytes are the key: with a token already canceled the
    /// returned task is canceled (not faulted, and nothing is thrown by the call) even when the image's verdict is cached,
    /// where the <see cref="ReadOnlyMemory{T}"/> overload returns the cached verdict. A stream that ignores the token is
    /// read to its end, and then a cached verdict is returned.
    /// </remarks>
    /// <exception cref="WeChatInvalidContentException">The image is empty (400), over the limits (413) or not PNG, JPEG or GIF (415).</exception>
    /// <exception cref="WeChatUnavailableException">WeChat could not give a verdict.</exception>
    ValueTask<WeChatVerdict> CheckImageAsync(Stream image, CancellationToken cancellationToken = default);

    /// <summary>Checks text and throws <see cref="WeChatContentRejectedException"/> naming <paramref name="field"/> unless it may be published.</summary>
    /// <param name="field">The field name used in the 422 response.</param>
    /// <param name="text">The text.</param>
    /// <param name="context">Scene, openid and version; null uses the options.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verdict, when the text may be published.</returns>
    ValueTask<WeChatVerdict> EnsureTextAsync(string field, string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>Checks an image and throws <see cref="WeChatContentRejectedException"/> naming <paramref name="field"/> unless it may be published.</summary>
    /// <param name="field">The field name used in the 422 response.</param>
    /// <param name="image">The image's bytes.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The verdict, when the image may be published.</returns>
    ValueTask<WeChatVerdict> EnsureImageAsync(string field, ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);
}
