using AspNetCore.WeChatSecurity.Resilience;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// The content-security endpoints: builds each request and reads WeChat's answer as the library's verdict. What happens
/// around the call (quota gates, limiter, access token, retries) is <see cref="WeChatCallPolicy"/>'s.
/// </summary>
internal sealed class WeChatApiClient(WeChatCallPolicy calls) : IWeChatApiClient
{
    public async Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await calls.CallAsync(
            WeChatApiKind.Text,
            WeChatApiNames.MsgSecCheck,
            token => Post(WeChatApiNames.MsgSecCheckPath, token, WeChatRequestBodies.TextCheck(request)),
            request.Version == 2 ? WeChatAnswers.IsReadableV2Check : WeChatAnswers.IsReadableV1Check,
            cancellationToken);
        return ToVerdict(WeChatApiNames.MsgSecCheck, response, request.Version);
    }

    public async Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await calls.CallAsync(
            WeChatApiKind.Image,
            WeChatApiNames.ImgSecCheck,
            token => Post(WeChatApiNames.ImgSecCheckPath, token, new ImageMultipartContent(request.Content, request.ContentType, request.FileName)),
            WeChatAnswers.IsReadableV1Check,
            cancellationToken);
        return ToVerdict(WeChatApiNames.ImgSecCheck, response, version: 1);
    }

    public async Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken)
    {
        var response = await calls.CallAsync(
            WeChatApiKind.Media,
            WeChatApiNames.MediaCheckAsync,
            token => Post(WeChatApiNames.MediaCheckAsyncPath, token, WeChatRequestBodies.MediaCheck(request)),
            WeChatAnswers.IsReadableSubmission,
            cancellationToken);
        if (response.ErrCode is { } code and not WeChatErrorCodes.Ok)
        {
            throw new WeChatApiException(WeChatApiNames.MediaCheckAsync, code, response.ErrMsg);
        }

        return new MediaCheckSubmission(response.TraceId ?? string.Empty);
    }

    private static HttpRequestMessage Post(string path, WeChatAccessToken token, HttpContent content)
    {
        var parameter = token.IsCloudBase ? "cloudbase_access_token" : "access_token";
        return new HttpRequestMessage(HttpMethod.Post, $"{path}?{parameter}={Uri.EscapeDataString(token.Value)}") { Content = content };
    }

    // Any errcode other than a verdict's is an error in what was asked (a bad openid, scene or image): never a pass.
    private static WeChatVerdict ToVerdict(string api, WeChatResponse response, int version) => WeChatAnswers.IsVerdict(response)
        ? WeChatAnswers.ToVerdict(response, version)
        : throw new WeChatApiException(api, response.ErrCode!.Value, response.ErrMsg);
}
