namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Submits audio and images to WeChat's asynchronous check (<c>media_check_async</c>). The verdict arrives later as a
/// push to the endpoint mapped with <c>MapWeChatMediaCheckPush</c>, which hands it to every registered
/// <see cref="IWeChatMediaCheckResultHandler"/>; match it by the returned trace id.
/// </summary>
public interface IWeChatMediaCheck
{
    /// <summary>Asks WeChat to download and check the media at <paramref name="mediaUrl"/>.</summary>
    /// <param name="mediaUrl">An address WeChat's servers can download from (at most 10 MB).</param>
    /// <param name="mediaType">Audio or image.</param>
    /// <param name="context">Scene and openid: with an openid (or <see cref="WeChatTextVersion.V2"/>) version 2 is used.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>WeChat's trace id, which the pushed verdict carries.</returns>
    /// <exception cref="WeChatApiException">WeChat refused the request (for example 40003 bad openid, 87020 repeated request).</exception>
    /// <exception cref="WeChatUnavailableException">WeChat could not be reached.</exception>
    Task<string> SubmitAsync(Uri mediaUrl, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default);
}
