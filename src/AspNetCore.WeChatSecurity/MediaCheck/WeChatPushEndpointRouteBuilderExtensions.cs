using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint that receives WeChat's asynchronous media check verdicts.</summary>
public static class WeChatPushEndpointRouteBuilderExtensions
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
}
