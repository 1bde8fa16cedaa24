using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.Mvc;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// Our filters alone on a cached verdict, called as the framework calls them with the arguments already bound: the
/// MVC action filter with the action's real descriptor (its check plan built at start-up) and the minimal API's
/// endpoint filter as <c>WithMsgSecCheck</c> builds it. The next step is a completed no-op, so what is measured is what
/// the check adds, from reading the bound value to deciding.
/// </summary>
[MemoryDiagnoser]
public class FilterHitBenchmarks
{
    private const string Text = "这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！";

    private static readonly Task<ActionExecutedContext> Executed = Task.FromResult<ActionExecutedContext>(null!);

    private readonly OverheadComment _comment = new() { ArticleId = "a-1024", Comment = Text };
    private OverheadHost? _host;
    private WeChatSecurityActionFilter? _mvcFilter;
    private ActionExecutingContext? _actionContext;
    private EndpointFilterDelegate? _endpointFilter;
    private EndpointFilterInvocationContext? _invocation;

    [GlobalSetup]
    public void Setup()
    {
        var host = _host = OverheadHost.Build();
        var services = host.App.Services;

        var httpContext = new DefaultHttpContext { RequestServices = services };
        var action = services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Single(a => a.AttributeRouteInfo?.Template == "mvc/check");
        _mvcFilter = (WeChatSecurityActionFilter)action.FilterDescriptors.Select(d => d.Filter).OfType<TypeFilterAttribute>()
            .Single(f => f.ImplementationType == typeof(WeChatSecurityActionFilter)).CreateInstance(services);
        _actionContext = new ActionExecutingContext(
            new ActionContext(httpContext, new RouteData(), action, new ModelStateDictionary()),
            [],
            new Dictionary<string, object?> { ["request"] = _comment },
            controller: new object());

        var endpointBuilder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/minimal/check"), 0)
        {
            ApplicationServices = services,
        };
        endpointBuilder.Metadata.Add(new MsgSecCheckAttribute("Comment"));
        var handler = typeof(FilterHitBenchmarks).GetMethod(nameof(Handler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        _endpointFilter = WeChatEndpointFilter.Create(
            endpointBuilder,
            new EndpointFilterFactoryContext { MethodInfo = handler, ApplicationServices = services },
            static _ => ValueTask.FromResult<object?>(null));
        _invocation = EndpointFilterInvocationContext.Create(httpContext, _comment);

        // The first check asks WeChat and caches the verdict; the measured ones must all find it.
        _mvcFilter.OnActionExecutionAsync(_actionContext, static () => Executed).GetAwaiter().GetResult();
        host.EnsureOneUpstreamCheck("after the warm-up");
    }

    [GlobalCleanup]
    public void Cleanup() => _host?.Stop();

    [Benchmark]
    public Task MvcActionFilter()
    {
        var task = _mvcFilter!.OnActionExecutionAsync(_actionContext!, static () => Executed);
        return _actionContext!.Result is null ? task : throw new InvalidOperationException("The check did not pass.");
    }

    [Benchmark]
    public ValueTask<object?> EndpointFilter() => _endpointFilter!(_invocation!);

    private static IResult Handler(OverheadComment request) => Results.Ok(request.ArticleId);
}
