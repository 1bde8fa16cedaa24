using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// A cached verdict's cost where a request meets it, without a client or a server around it: each endpoint's own
/// request delegate (MVC's action invoker with its filters, or the minimal API's generated delegate with its endpoint
/// filters, model binding and the JSON result included) run on a fresh <see cref="DefaultHttpContext"/> and request
/// scope. Without HTTP the per-request time is a few microseconds, so the hundreds of nanoseconds a hit adds, ours and
/// the framework's, stand out: the empty action and endpoint filters show what ASP.NET Core charges for any filter at all.
/// </summary>
/// <remarks>The application is <see cref="OverheadHost"/>'s.</remarks>
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
    private OverheadHost? _host;
    private IServiceScopeFactory? _scopes;

    [GlobalSetup]
    public void Setup()
    {
        var host = _host = OverheadHost.Start();
        _scopes = host.App.Services.GetRequiredService<IServiceScopeFactory>();
        foreach (var endpoint in host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            _endpoints["/" + endpoint.RoutePattern.RawText!.TrimStart('/')] = endpoint;
        }

        // One upstream call caches the verdict; each route then runs once more before measuring.
        InvokeAsync("/mvc/check").GetAwaiter().GetResult();
        host.EnsureOneUpstreamCheck("after the warm-up");
        foreach (var path in new[] { "/mvc/plain", "/mvc/empty-filter", "/mvc/check", "/minimal/plain", "/minimal/check", "/minimal/empty-filter" })
        {
            InvokeAsync(path).GetAwaiter().GetResult();
        }

        host.EnsureOneUpstreamCheck("after the first request to each route");
    }

    [GlobalCleanup]
    public void Cleanup() => _host?.Stop();

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

    // A server says whether the request can have a body; a bare DefaultHttpContext says it cannot.
    private sealed class RequestWithBody : IHttpRequestBodyDetectionFeature
    {
        public static RequestWithBody Instance { get; } = new();

        public bool CanHaveBody => true;
    }
}
