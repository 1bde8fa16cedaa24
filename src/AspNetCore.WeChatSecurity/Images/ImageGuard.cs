using System.Globalization;

namespace AspNetCore.WeChatSecurity.Images;

/// <summary>
/// Applies the image limits and <see cref="WeChatImageOptions.OversizePolicy"/> before an image reaches WeChat. The
/// caller takes the limits from its snapshot of the options, once per check, and the <see cref="ImageInspection"/>
/// carries them to the end, so that a reload in the middle cannot read with one limit and resize to another.
/// </summary>
internal sealed class ImageGuard(IWeChatImageResizer? resizer = null)
{
    /// <summary>The most bytes worth reading from a stream: beyond them the image is refused whatever it holds.</summary>
    public static long ReadLimit(WeChatImageOptions limits) => limits.OversizePolicy == WeChatOversizePolicy.Resize
        ? Math.Max(limits.MaxImageBytes, limits.MaxResizableImageBytes)
        : limits.MaxImageBytes;

    /// <summary>Sniffs the image and applies <paramref name="limits"/>.</summary>
    /// <param name="image">The image, or its first <see cref="ReadLimit"/> plus one bytes when it was read from a longer stream.</param>
    /// <param name="knownLength">
    /// The image's real size when it is known: the whole image's length, or the length of the stream it was read from
    /// when the stream knows it; null for a stream of unknown length (then an image cut at the read limit is "more than"
    /// the limit: the bytes read are not its size).
    /// </param>
    /// <param name="limits">The limits in force when the check began.</param>
    /// <exception cref="WeChatInvalidContentException">Empty (400), unreadable (400), not PNG, JPEG or GIF (415), or over the limits (413).</exception>
    /// <exception cref="InvalidOperationException">The policy is Resize and no <see cref="IWeChatImageResizer"/> is registered.</exception>
    public ImageInspection Inspect(ReadOnlySpan<byte> image, long? knownLength, WeChatImageOptions limits)
    {
        var info = ImageSniffer.Sniff(image);
        var length = knownLength ?? image.Length;
        var overBytes = length > limits.MaxImageBytes;
        var overPixels = info.Width > limits.MaxImageWidth || info.Height > limits.MaxImageHeight;
        if (!overBytes && !overPixels)
        {
            return new ImageInspection(info, NeedsResize: false, limits);
        }

        switch (limits.OversizePolicy)
        {
            case WeChatOversizePolicy.SendAnyway when !overBytes:
                return new ImageInspection(info, NeedsResize: false, limits);
            case WeChatOversizePolicy.Resize when length <= limits.MaxResizableImageBytes:
                if (resizer is null)
                {
                    throw MissingResizer();
                }

                // From the header alone: a few bytes can claim dimensions whose pixels would take gigabytes to decode.
                if ((long)info.Width * info.Height > limits.MaxResizablePixels)
                {
                    throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, Invariant(
                        $"The image is {info.Width}x{info.Height} pixels; images over {limits.MaxResizablePixels:N0} pixels are not resized. Send a smaller image."));
                }

                return new ImageInspection(info, NeedsResize: true, limits);
            case WeChatOversizePolicy.Resize:
                throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, Invariant(
                    $"The image is {SizeOf(image.Length, knownLength, limits)}; images over {limits.MaxResizableImageBytes:N0} bytes are not resized."));
            default:
                throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, Invariant(
                    $"The image is {SizeOf(image.Length, knownLength, limits)} and {info.Width}x{info.Height} pixels; at most {limits.MaxImageBytes:N0} bytes and {limits.MaxImageWidth}x{limits.MaxImageHeight} pixels are accepted."));
        }
    }

    /// <summary>
    /// Returns the image as it goes to WeChat: resized when the inspection says so, then sniffed and checked again, under
    /// the limits the inspection was made with.
    /// </summary>
    public async ValueTask<PreparedImage> PrepareAsync(ReadOnlyMemory<byte> image, ImageInspection inspection, CancellationToken cancellationToken)
    {
        if (!inspection.NeedsResize)
        {
            return new PreparedImage(image, inspection.Info);
        }

        var limits = inspection.Limits;
        var resized = await resizer!.ResizeAsync(image, limits.MaxImageWidth, limits.MaxImageHeight, limits.MaxImageBytes, cancellationToken);
        ImageInfo info;
        try
        {
            info = ImageSniffer.Sniff(resized.Span);
        }
        catch (WeChatInvalidContentException exception)
        {
            throw new InvalidOperationException(
                $"The registered {nameof(IWeChatImageResizer)} ({resizer.GetType().FullName}) returned something that is not a readable {ImageSniffer.AcceptedFormats} image: {exception.Message}",
                exception);
        }

        if (resized.Length > limits.MaxImageBytes || info.Width > limits.MaxImageWidth || info.Height > limits.MaxImageHeight)
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, Invariant(
                $"The image is still {resized.Length:N0} bytes and {info.Width}x{info.Height} pixels after resizing; at most {limits.MaxImageBytes:N0} bytes and {limits.MaxImageWidth}x{limits.MaxImageHeight} pixels are accepted."));
        }

        return new PreparedImage(resized, info);
    }

    // Only for a refusal's message, so that an image within the limits (a cached one too) pays no formatting: an image
    // of unknown size cut at the read limit is "more than" the limit, as the bytes read are not its size.
    private static string SizeOf(int bytesRead, long? knownLength, WeChatImageOptions limits) => knownLength is null && bytesRead > ReadLimit(limits)
        ? Invariant($"more than {ReadLimit(limits):N0} bytes")
        : Invariant($"{knownLength ?? bytesRead:N0} bytes");

    // The options validator refuses this on start; this answers a guard whose options were not validated.
    private static InvalidOperationException MissingResizer() => new(
        $"{nameof(WeChatSecurityOptions)}.{nameof(WeChatImageOptions.OversizePolicy)} is {nameof(WeChatOversizePolicy.Resize)}, "
        + $"but no {nameof(IWeChatImageResizer)} is registered: the library ships none, so that it depends on no image library. "
        + "Add the AspNetCore.WeChatSecurity.SkiaSharp package and call AddSkiaSharpImageResizer() on the builder, "
        + $"register your own (services.AddSingleton<{nameof(IWeChatImageResizer)}, YourResizer>()), or choose "
        + $"{nameof(WeChatOversizePolicy.Reject)} or {nameof(WeChatOversizePolicy.SendAnyway)}.");

    private static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
