using System.Text;
using AspNetCore.WeChatSecurity.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// A cached verdict's cost where a request meets it, without a client or a server around it: each endpoint's own
/// request delegate (MVC's action invoker with its filters, or the minimal API's generated delegate with its endpoint
/// filters, model binding and the JSON result included) run on a fresh <see cref="DefaultHttpContext"/> and request
/// scope. Without HTTP the per-request time is a few microseconds, so the hundreds of nanoseconds a hit adds, ours and
/// the framework's, stand out: the empty action and endpoint filters show what ASP.NET Core charges for any filter at all.
/// </summary>
/// <remarks>
/// The emulator's <c>msg_sec_check</c> count is 1 after the warm-up and must still be 1 at the end: every measured
/// request to a checked endpoint was a cache hit.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HitPipelineBenchmarks
{
    private const string Mvc = "Mvc";
    private const string MinimalApi = "MinimalApi";

    /// <summary>Requests per invocation; the table reports time and allocations per request.</summary>
    public const int Batch = 16;

    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"articleId":"a-1024","comment":"这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！"}""");
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private IServiceScopeFactory? _scopes;
    private WeChatEmulator? _emulator;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddControllers().ConfigureApplicationPartManager(parts =>
        {
            parts.ApplicationParts.Clear();
            parts.ApplicationParts.Add(new AssemblyPart(typeof(OverheadController).Assembly));
        });
        builder.Services.AddWeChatContentSecurity(_ => { }).UseWeChatEmulator();

        var app = _app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapControllers();
        app.MapPost("/minimal/plain", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)));
        app.MapPost("/minimal/check", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)))
            .WithMsgSecCheck("Comment");
        app.MapPost("/minimal/empty-filter", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)))
            .AddEndpointFilter(static (context, next) => next(context));
        app.StartAsync().GetAwaiter().GetResult();

        _scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        _emulator = app.Services.GetRequiredService<WeChatEmulator>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            _endpoints["/" + endpoint.RoutePattern.RawText!.TrimStart('/')] = endpoint;
        }

        // One upstream call caches the verdict; each route then runs once more before measuring.
        InvokeAsync("/mvc/check").GetAwaiter().GetResult();
        EnsureOneUpstreamCheck("after the warm-up");
        foreach (var path in new[] { "/mvc/plain", "/mvc/empty-filter", "/mvc/check", "/minimal/plain", "/minimal/check", "/minimal/empty-filter" })
        {
            InvokeAsync(path).GetAwaiter().GetResult();
        }

        EnsureOneUpstreamCheck("after the first request to each route");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try
        {
            EnsureOneUpstreamCheck("at the end: a measured request missed the cache");
        }
        finally
        {
            _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory(Mvc)]
    public Task MvcPlain() => InvokeBatchAsync("/mvc/plain");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(Mvc)]
    public Task MvcEmptyFilter() => InvokeBatchAsync("/mvc/empty-filter");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(Mvc)]
    public Task MvcCheckedHit() => InvokeBatchAsync("/mvc/check");

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalPlain() => InvokeBatchAsync("/minimal/plain");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalEmptyFilter() => InvokeBatchAsync("/minimal/empty-filter");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalCheckedHit() => InvokeBatchAsync("/minimal/check");

    private async Task InvokeBatchAsync(string path)
    {
        for (var i = 0; i < Batch; i++)
        {
            await InvokeAsync(path);
        }
    }

    // What the server and the routing middleware would have done before the endpoint runs: a context with the request,
    // the request's services and the endpoint chosen.
    internal async Task InvokeAsync(string path)
    {
        var endpoint = _endpoints[path];
        await using var scope = _scopes!.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var request = context.Request;
        request.Method = HttpMethods.Post;
        request.Path = path;
        request.ContentType = "application/json; charset=utf-8";
        request.ContentLength = _body.Length;
        request.Body = new MemoryStream(_body, writable: false);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(RequestWithBody.Instance);
        context.Response.Body = Stream.Null;
        context.SetEndpoint(endpoint);
        await endpoint.RequestDelegate!(context);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"{path} answered {context.Response.StatusCode}, not 200.");
        }
    }

    private void EnsureOneUpstreamCheck(string when)
    {
        var calls = _emulator!.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        if (calls != 1)
        {
            throw new InvalidOperationException($"The emulator counted {calls} msg_sec_check calls {when}; expected 1.");
        }
    }

    // A server says whether the request can have a body; a bare DefaultHttpContext says it cannot.
    private sealed class RequestWithBody : IHttpRequestBodyDetectionFeature
    {
        public static RequestWithBody Instance { get; } = new();

        public bool CanHaveBody => true;
    }
}
