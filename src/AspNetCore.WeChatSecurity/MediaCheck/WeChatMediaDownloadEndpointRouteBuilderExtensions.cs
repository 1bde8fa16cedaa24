using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint WeChat downloads media submitted as bytes from.</summary>
public static class WeChatMediaDownloadEndpointRouteBuilderExtensions
{
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
