using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Mvc;
using AspNetCore.WeChatSecurity.Tests.Mvc;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>An attribute that asks for a check is never silently ignored.</summary>
public sealed class UnrunCheckTests
{
    [Fact]
    public async Task MvcAttributeWithoutTheServices_RefusesTheRequest_NamingAddWeChatContentSecurity()
    {
        var host = new FilterTestHost { AddWeChatSecurity = false, Environment = "Production", Controllers = [typeof(WeChatSecurityActionFilterTests.PostsController)] };
        await using var app = await host.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().PostAsync("/api/posts/comment?comment=RISKY", null));
        using var unchecked_ = await app.GetTestClient().PostAsync("/api/posts/unchecked?comment=RISKY", null);

        Assert.Contains("services.AddWeChatContentSecurity(...)", error.Message, StringComparison.Ordinal);
        Assert.Contains("[MsgSecCheck]", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, unchecked_.StatusCode);
    }

    [Fact]
    public async Task MvcAttributeWithTheServices_IsRunByTheLibrarysFilter_OnCheckedActionsOnly_NotAsAFilterOfItsOwn()
    {
        var host = new FilterTestHost { Controllers = [typeof(WeChatSecurityActionFilterTests.PostsController), typeof(WeChatSecurityActionFilterTests.ProfileController)] };
        await using var app = await host.StartAsync();

        var actions = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items;

        static bool HasCheckFilter(ActionDescriptor action) =>
            action.FilterDescriptors.Any(d => d.Filter is TypeFilterAttribute { ImplementationType: var type } && type == typeof(WeChatSecurityActionFilter));

        Assert.Contains(actions, action => action.AttributeRouteInfo?.Template == "api/posts/comment" && HasCheckFilter(action));
        Assert.Contains(actions, action => action.AttributeRouteInfo?.Template == "api/posts/unchecked" && !HasCheckFilter(action));
        Assert.DoesNotContain(actions.SelectMany(action => action.FilterDescriptors), descriptor => descriptor.Filter is IWeChatCheckMetadata);
    }

    [Fact]
    public async Task HandlerAttributeWithoutItsFilter_RefusesToStart_WithOrWithoutTheMiddleware()
    {
        foreach (var useMiddleware in new[] { true, false })
        {
            var host = new FilterTestHost
            {
                UseMiddleware = useMiddleware,
                Environment = "Production",
                Map = app =>
                {
                    app.MapGet("/fine", () => "fine");
                    app.MapPost("/forgot", [MsgSecCheck("comment")] ([FromQuery] string comment) => "published");
                },
            };

            var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

            Assert.Contains("WithWeChatSecurityChecks", error.Message, StringComparison.Ordinal);
            Assert.Contains("/forgot", error.Message, StringComparison.Ordinal);
            Assert.Empty(host.Security.TextChecks);
        }
    }

    [Fact]
    public async Task HandlerAttributeWithItsFilter_Starts()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/checked", [MsgSecCheck("comment")] ([FromQuery] string comment) => "published").WithWeChatSecurityChecks(),
        };
        await using var app = await host.StartAsync();

        using var response = await app.GetTestClient().PostAsync("/checked?comment=RISKY", null);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
