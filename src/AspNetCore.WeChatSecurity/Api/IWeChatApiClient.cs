namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// The WeChat content-security API, with tokens and resilience handled. A verdict (pass, review, risky; errcode 0 or
/// 87014) is a result; any other errcode throws <see cref="WeChatApiException"/>; an answer that cannot be read (see
/// <see cref="WeChatAnswers"/>) or a transient failure that outlived the retries, an open circuit, a shut quota gate or
/// no token throws <see cref="WeChatUnavailableException"/>.
/// </summary>
internal interface IWeChatApiClient
{
    Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken);

    Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken);

    Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken);
}
