using AspNetCore.WeChatSecurity.Api;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

internal sealed class WeChatMediaCheckService(IWeChatApiClient client, IOptions<WeChatSecurityOptions> options) : IWeChatMediaCheck
{
    public async Task<string> SubmitAsync(Uri mediaUrl, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaUrl);
        if (!mediaUrl.IsAbsoluteUri || (mediaUrl.Scheme != Uri.UriSchemeHttp && mediaUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("WeChat downloads the media itself: give an absolute http or https address it can reach.", nameof(mediaUrl));
        }

        if (!Enum.IsDefined(mediaType))
        {
            throw new ArgumentOutOfRangeException(nameof(mediaType), mediaType, "Use WeChatMediaType.Audio or WeChatMediaType.Image.");
        }

        var settings = options.Value;
        var version = (context?.TextVersion ?? settings.TextVersion) switch
        {
            WeChatTextVersion.V1 => 1,
            WeChatTextVersion.V2 => 2,
            _ => string.IsNullOrEmpty(context?.OpenId) ? 1 : 2,
        };
        if (version == 2 && string.IsNullOrEmpty(context?.OpenId))
        {
            throw new InvalidOperationException("media_check_async version 2 needs the publishing user's openid: pass it in WeChatCheckContext.OpenId, or use version 1.");
        }

        var submission = await client.SubmitMediaCheckAsync(
            new MediaCheckRequest(mediaUrl, mediaType, version, context?.Scene ?? settings.DefaultScene, context?.OpenId),
            cancellationToken);
        return submission.TraceId;
    }
}
