namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Submits audio and images to WeChat's asynchronous check (<c>media_check_async</c>) under the application's own
/// correlation id. The outcome (pass, review, risky, download failed, timed out) reaches every registered
/// <see cref="IWeChatMediaCheckResultHandler"/> exactly once per correlation id: from WeChat's push to
/// <c>MapWeChatMediaCheckPush</c>, or from the sweeper when no verdict came in time.
/// </summary>
public interface IWeChatMediaCheck
{
    /// <summary>Asks WeChat to download and check the media at <paramref name="mediaUrl"/>.</summary>
    /// <param name="correlationId">The application's id for what the media belongs to (a post id, say); the handlers get it back.</param>
    /// <param name="mediaUrl">An address WeChat's servers can download from (at most 10 MB).</param>
    /// <param name="mediaType">Audio or image.</param>
    /// <param name="context">Scene and openid: the version is chosen as for text (<see cref="WeChatSecurityOptions.TextVersion"/>; under Auto, v2 with an openid).</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The pending check, already stored.</returns>
    /// <exception cref="WeChatApiException">WeChat refused the request (for example 40003 bad openid, 87020 repeated request).</exception>
    /// <exception cref="WeChatUnavailableException">WeChat could not be reached.</exception>
    /// <exception cref="InvalidOperationException">Version 2 is required (<see cref="WeChatSecurityOptions.TextVersion"/> or the context's) and there is no openid.</exception>
    Task<WeChatPendingCheck> SubmitAsync(string correlationId, Uri mediaUrl, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the media (at most 10 MB) and asks WeChat to download it from the endpoint mapped with
    /// <c>MapWeChatMediaDownload</c>, at an unguessable URL that expires and stops working once the verdict is in. The same
    /// bytes while a check of them is pending join that check; bytes judged before are answered from the verdict cache.
    /// </summary>
    /// <param name="correlationId">The application's id for what the media belongs to (a post id, say); the handlers get it back.</param>
    /// <param name="media">The media, read to its end (no further than 10 MB and one byte).</param>
    /// <param name="mediaType">Audio or image.</param>
    /// <param name="context">Scene and openid: the version is chosen as for text (<see cref="WeChatSecurityOptions.TextVersion"/>; under Auto, v2 with an openid).</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The pending check, already stored.</returns>
    /// <exception cref="WeChatInvalidContentException">The media is empty (400) or over 10 MB (413).</exception>
    /// <exception cref="WeChatUnavailableException">The kept media would exceed <see cref="WeChatMediaCheckOptions.MaxKeptMediaBytes"/>, or WeChat could not be reached.</exception>
    /// <exception cref="InvalidOperationException"><see cref="WeChatMediaCheckOptions.PublicBaseAddress"/> is not set, the media endpoint is not mapped, or version 2 is required and there is no openid.</exception>
    Task<WeChatPendingCheck> SubmitAsync(string correlationId, Stream media, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default);
}
