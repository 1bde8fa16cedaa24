using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the two endpoints of asynchronous media checks that WeChat calls: the push server it delivers verdicts to, and
/// the media endpoint it downloads media submitted as bytes from.
/// </summary>
public static class WeChatMediaCheckEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps WeChat's message push server at <paramref name="pattern"/>: GET answers the console's URL check, POST receives
    /// <c>wxa_media_check</c> verdicts (plaintext, compatible or safe mode; XML or JSON) and hands them to every
    /// registered <see cref="IWeChatMediaCheckResultHandler"/> once. Needs <c>WeChatSecurity:MediaCheck:PushToken</c>, and
    /// for the encrypted modes <c>WeChatSecurity:MediaCheck:PushEncodingAesKey</c> and <c>WeChatSecurity:AppId</c>.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The path configured as the push URL in the mini program console.</param>
    /// <returns>A builder for both endpoints, to add conventions such as rate limiting.</returns>
    public static IEndpointConventionBuilder MapWeChatMediaCheckPush(this IEndpointRouteBuilder endpoints, string pattern = "/wechat/push")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (endpoints.ServiceProvider.GetService<WeChatPushEndpoint>() is null)
        {
            throw new InvalidOperationException("MapWeChatMediaCheckPush needs the WeChat services: call builder.Services.AddWeChatContentSecurity(...) first.");
        }

        if (string.IsNullOrEmpty(endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<WeChatSecurityOptions>>().CurrentValue.MediaCheck.PushToken))
        {
            throw new InvalidOperationException("MapWeChatMediaCheckPush needs WeChatSecurity:MediaCheck:PushToken: the Token set for the message push server in the mini program console.");
        }

        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, static (HttpContext context, WeChatPushEndpoint endpoint) => endpoint.Verify(context)).ExcludeFromDescription();
        group.MapPost(string.Empty, static (HttpContext context, WeChatPushEndpoint endpoint) => endpoint.ReceiveAsync(context)).ExcludeFromDescription();
        return group;
    }

    /// <summary>
    /// Serves media submitted with <see cref="IWeChatMediaCheck.SubmitAsync(string, Stream, WeChatMediaType, WeChatCheckContext?, CancellationToken)"/>
    /// to WeChat at <c>{PublicBaseAddress}{pattern}/{token}?expires=…&amp;sig=…</c>. Each URL is unguessable, signed with
    /// a key of this process, and expires with the check; a wrong or expired signature, or media whose verdict is in,
    /// gets 404. Set <see cref="WeChatMediaCheckOptions.PublicBaseAddress"/> to the address WeChat reaches the application at.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The path the media is served under.</param>
    /// <returns>A builder for the endpoint, to add conventions such as rate limiting.</returns>
    public static IEndpointConventionBuilder MapWeChatMediaDownload(this IEndpointRouteBuilder endpoints, string pattern = "/wechat/media")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var urls = endpoints.ServiceProvider.GetService<MediaDownloadUrls>()
            ?? throw new InvalidOperationException("MapWeChatMediaDownload needs the WeChat services: call builder.Services.AddWeChatContentSecurity(...) first.");
        urls.Pattern = pattern;
        return endpoints.MapGet(
                pattern.TrimEnd('/') + "/{token}",
                static (string token, HttpContext context, MediaDownloadUrls urls, KeptMediaStore kept, TimeProvider time, ILogger<MediaDownloadUrls> logger) =>
                {
                    var query = context.Request.Query;
                    var media = urls.IsValid(token, query["expires"], query["sig"], time.GetUtcNow()) ? kept.Find(token) : null;
                    if (media is null)
                    {
                        MediaCheckLog.DownloadRefused(logger);
                        return Results.NotFound();
                    }

                    context.Response.Headers.CacheControl = "no-store";
                    return Results.Bytes(media, "application/octet-stream");
                })
            .ExcludeFromDescription();
    }
}
