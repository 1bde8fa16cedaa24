using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.MediaCheck;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Refuses to start an application in which a check attribute would never run: a minimal API handler carrying
/// <see cref="MsgSecCheckAttribute"/> or <see cref="ImgSecCheckAttribute"/> without <c>WithWeChatSecurityChecks()</c>
/// (or <see cref="MediaSecCheckAttribute"/> without <c>WithMediaSecCheck</c>),
/// or an action MVC's filter does not reach. It runs once the pipeline is built, when every endpoint is mapped; MVC's
/// endpoints are built then too, so a field name that matches nothing also stops the start, and so does a route group's
/// that matches none of the group's endpoints.
/// </summary>
internal sealed class WeChatCheckStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);

        // Reading the endpoints builds them: a minimal API's filters are created then, and refuse what they can alone.
        var endpoints = app.ApplicationServices.GetService<EndpointDataSource>()?.Endpoints ?? [];
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            var unrunChecks = metadata.GetMetadata<IWeChatCheckMetadata>() is not null && metadata.GetMetadata<WeChatEndpointFilterMarker>() is null;
            var unrunMedia = metadata.GetMetadata<MediaSecCheckAttribute>() is not null && metadata.GetMetadata<MediaSecCheckFilterMarker>() is null;
            if (!(unrunChecks || unrunMedia) || metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            {
                continue;
            }

            var declared = unrunChecks ? "[MsgSecCheck] or [ImgSecCheck]" : "[MediaSecCheck]";
            var remedy = unrunChecks
                ? "Call .WithWeChatSecurityChecks() on the endpoint or its route group."
                : "Use .WithMediaSecCheck(\"field\", WeChatMediaType.Audio) on the endpoint or its route group instead of the attribute.";
            throw new InvalidOperationException(metadata.GetMetadata<ActionDescriptor>() is not null
                ? $"Endpoint '{endpoint.DisplayName}' declares {declared}, but it is not a controller action, so nothing would run the check. Move the attribute to a controller action, or call IWeChatContentSecurity.Ensure… (or IWeChatMediaCheck.SubmitAsync) in the handler."
                : $"Endpoint '{endpoint.DisplayName}' declares {declared} but nothing runs it. {remedy}");
        }

        RouteGroupCheckValidator.ThrowIfUnmatched(endpoints, app.ApplicationServices.GetService<IServiceProviderIsService>());
    };
}
