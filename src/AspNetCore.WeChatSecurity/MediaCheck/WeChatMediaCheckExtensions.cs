using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity;

/// <summary>Submits media the application holds as bytes or as an upload.</summary>
public static class WeChatMediaCheckExtensions
{
    /// <summary>Keeps the bytes and submits them; see <see cref="IWeChatMediaCheck.SubmitAsync(string, Stream, WeChatMediaType, WeChatCheckContext?, CancellationToken)"/>.</summary>
    /// <param name="mediaCheck">The media check service.</param>
    /// <param name="correlationId">The application's id for what the media belongs to.</param>
    /// <param name="media">The media, at most 10 MB.</param>
    /// <param name="mediaType">Audio or image.</param>
    /// <param name="context">Scene and openid.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The pending check, already stored.</returns>
    public static Task<WeChatPendingCheck> SubmitAsync(this IWeChatMediaCheck mediaCheck, string correlationId, ReadOnlyMemory<byte> media, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaCheck);
        return SubmitBytesAsync(mediaCheck, correlationId, media, mediaType, context, cancellationToken);
    }

    /// <summary>Keeps an uploaded file and submits it; see <see cref="IWeChatMediaCheck.SubmitAsync(string, Stream, WeChatMediaType, WeChatCheckContext?, CancellationToken)"/>.</summary>
    /// <param name="mediaCheck">The media check service.</param>
    /// <param name="correlationId">The application's id for what the media belongs to.</param>
    /// <param name="file">The upload, at most 10 MB.</param>
    /// <param name="mediaType">Audio or image.</param>
    /// <param name="context">Scene and openid.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The pending check, already stored.</returns>
    public static async Task<WeChatPendingCheck> SubmitAsync(this IWeChatMediaCheck mediaCheck, string correlationId, IFormFile file, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaCheck);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > WeChatMediaCheckOptions.MaxMediaBytes)
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, $"The file is {file.Length} bytes; WeChat checks media of at most {WeChatMediaCheckOptions.MaxMediaBytes} bytes.");
        }

        await using var stream = file.OpenReadStream();
        return await mediaCheck.SubmitAsync(correlationId, stream, mediaType, context, cancellationToken);
    }

    private static async Task<WeChatPendingCheck> SubmitBytesAsync(IWeChatMediaCheck mediaCheck, string correlationId, ReadOnlyMemory<byte> media, WeChatMediaType mediaType, WeChatCheckContext? context, CancellationToken cancellationToken)
    {
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(media, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(media.ToArray(), writable: false);
        await using (stream)
        {
            return await mediaCheck.SubmitAsync(correlationId, stream, mediaType, context, cancellationToken);
        }
    }
}
