using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the middleware that answers WeChat content-security exceptions with ProblemDetails.</summary>
public static class WeChatContentSecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Turns <see cref="WeChatContentRejectedException"/> (422), <see cref="WeChatInvalidContentException"/> (400, 413,
    /// 415) and <see cref="WeChatUnavailableException"/> (503 with <c>Retry-After</c>) thrown further down the pipeline
    /// into the ProblemDetails the attributes produce. Other exceptions go on unchanged. Place it after
    /// <c>UseRouting</c> and before the endpoints.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="InvalidOperationException">The services of <c>AddWeChatContentSecurity</c> are missing.</exception>
    public static IApplicationBuilder UseWeChatContentSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var isService = app.ApplicationServices.GetService<IServiceProviderIsService>();
        if (isService is null
            || !isService.IsService(typeof(IWeChatContentSecurity))
            || !isService.IsService(typeof(WeChatCheckRunner)))
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddWeChatContentSecurity(...)' in the application startup code.");
        }

        return app.UseMiddleware<WeChatContentSecurityMiddleware>();
    }
}
