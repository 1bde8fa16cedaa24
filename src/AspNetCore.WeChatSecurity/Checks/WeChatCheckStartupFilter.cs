using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using AspNetCore.WeChatSecurity.Endpoints;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Refuses to start an application in which a check attribute would never run: a minimal API handler carrying
/// <see cref="MsgSecCheckAttribute"/> or <see cref="ImgSecCheckAttribute"/> without <c>WithWeChatSecurityChecks()</c>,
/// or an action MVC's filter does not reach. It runs once the pipeline is built, when every endpoint is mapped; MVC's
/// endpoints are built then too, so a field name that matches nothing also stops the start.
/// </summary>
internal sealed class WeChatCheckStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        foreach (var endpoint in app.ApplicationServices.GetService<EndpointDataSource>()?.Endpoints ?? [])
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<IWeChatCheckMetadata>() is null
                || metadata.GetMetadata<WeChatEndpointFilterMarker>() is not null
                || metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            {
                continue;
            }

            throw new InvalidOperationException(metadata.GetMetadata<ActionDescriptor>() is not null
                ? $"Endpoint '{endpoint.DisplayName}' declares [MsgSecCheck] or [ImgSecCheck], but it is not a controller action, so nothing would run the check. Move the attribute to a controller action, or call IWeChatContentSecurity.Ensure… in the handler."
                : $"Endpoint '{endpoint.DisplayName}' declares [MsgSecCheck] or [ImgSecCheck] but nothing runs them. Call .WithWeChatSecurityChecks() on the endpoint or its route group.");
        }
    };
}
