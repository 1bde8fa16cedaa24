using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A cache hit is most of what the filters do, so it must allocate nothing: every object a hit made would be paid on
/// most checked requests. Each filter is called as the framework calls it, with its arguments bound, on the thread that
/// counts the bytes it allocates (exactly, not by timing: both filters complete a hit synchronously).
/// </summary>
public sealed class HitAllocationTests
{
    private const string Text = "这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！";
    private const int Hits = 1000;
    private const int Windows = 5;

    private static readonly Task<ActionExecutedContext> Executed = Task.FromResult<ActionExecutedContext>(null!);

    [Theory]
    [InlineData(WeChatApiVersion.Auto)]
    [InlineData(WeChatApiVersion.V1)]
    [InlineData(WeChatApiVersion.V2)]
    public async Task ACacheHit_InTheMvcFilter_AllocatesNothing(WeChatApiVersion version)
    {
        await using var app = await StartAsync(version);
        var services = app.App.Services;
        var action = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Single(a => a.AttributeRouteInfo?.Template == "mvc/json");
        var filter = (WeChatSecurityActionFilter)action.FilterDescriptors.Select(d => d.Filter).OfType<TypeFilterAttribute>()
            .Single(f => f.ImplementationType == typeof(WeChatSecurityActionFilter)).CreateInstance(services);
        var context = new ActionExecutingContext(
            new ActionContext(HttpContextFor(services), new RouteData(), action, new ModelStateDictionary()),
            [],
            new Dictionary<string, object?> { ["input"] = new IntegrationComment { ArticleId = "a-1", Comment = Text } },
            controller: new object());

        var allocated = AllocatedOverHits(() =>
        {
            var pending = filter.OnActionExecutionAsync(context, static () => Executed);
            Assert.True(pending.IsCompletedSuccessfully && context.Result is null, "The hit was not answered at once, or not let through.");
        });

        Assert.Equal(1, app.TextCalls);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(WeChatApiVersion.Auto)]
    [InlineData(WeChatApiVersion.V1)]
    [InlineData(WeChatApiVersion.V2)]
    public async Task ACacheHit_InTheEndpointFilter_AllocatesNothing(WeChatApiVersion version)
    {
        await using var app = await StartAsync(version);
        var services = app.App.Services;
        var endpoint = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/comment"), 0)
        {
            ApplicationServices = services,
        };
        endpoint.Metadata.Add(new MsgSecCheckAttribute("Comment"));
        var handler = typeof(HitAllocationTests).GetMethod(nameof(Handler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var filter = WeChatEndpointFilter.Create(
            endpoint,
            new EndpointFilterFactoryContext { MethodInfo = handler, ApplicationServices = services },
            static _ => ValueTask.FromResult<object?>(null));
        var invocation = EndpointFilterInvocationContext.Create(HttpContextFor(services), new IntegrationComment { ArticleId = "a-1", Comment = Text });

        var allocated = AllocatedOverHits(() =>
        {
            var pending = filter(invocation);
            Assert.True(pending.IsCompletedSuccessfully && pending.Result is null, "The hit was not answered at once, or not let through.");
        });

        Assert.Equal(1, app.TextCalls);
        Assert.Equal(0, allocated);
    }

    private static async Task<IntegrationApp> StartAsync(WeChatApiVersion version)
    {
        var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = version;
            o.OpenIdResolver = version == WeChatApiVersion.V2 ? _ => IntegrationApp.OpenId : null;
        });

        // The verdict every hit then finds: the one check that asks WeChat.
        using var first = await app.Client.PostAsJsonAsync("/mvc/json", new { articleId = "a-1", comment = Text });
        first.EnsureSuccessStatusCode();
        using var endpointFirst = await app.Client.PostAsJsonAsync("/minimal/comment", new { articleId = "a-1", comment = Text });
        endpointFirst.EnsureSuccessStatusCode();
        return app;
    }

    private static DefaultHttpContext HttpContextFor(IServiceProvider services) => new() { RequestServices = services };

    // Warmed up first (the first calls compile code and fill lazily built state); then the bytes this thread allocates
    // over windows of hits, which no other thread's work counts towards: the least of a few windows. A hit that allocates
    // shows in every window; the runtime's own work now and then (a method compiled again at a higher tier while the
    // hits run, under a busy test run) in one at most.
    private static long AllocatedOverHits(Action hit)
    {
        for (var i = 0; i < Hits; i++)
        {
            hit();
        }

        var least = long.MaxValue;
        for (var window = 0; window < Windows && least > 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Hits; i++)
            {
                hit();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    private static IResult Handler(IntegrationComment comment) => Results.Ok(comment.Comment);
}
