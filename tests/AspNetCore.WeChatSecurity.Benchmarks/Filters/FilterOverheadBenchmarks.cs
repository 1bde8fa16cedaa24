using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AspNetCore.WeChatSecurity.Testing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// What the check costs a request once its verdict is cached: the same action with and without it, in one in-process
/// host, by MVC action and by minimal API endpoint. The goal is at most 3 % more time per request.
/// </summary>
/// <remarks>
/// Logging providers are cleared so that both sides measure the pipeline rather than the console. The emulator's
/// <c>msg_sec_check</c> count is 1 after the warm-up and must still be 1 at the end: every measured request to a
/// checked action was a cache hit.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FilterOverheadBenchmarks
{
    private const string Mvc = "Mvc";
    private const string MinimalApi = "MinimalApi";

    /// <summary>Requests per invocation; the table reports time and allocations per request.</summary>
    public const int Batch = 32;

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"articleId":"a-1024","comment":"这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！"}""");
    private WebApplication? _app;
    private HttpClient? _client;
    private WeChatEmulator? _emulator;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();

        // BenchmarkDotNet's generated program is the entry assembly: the controller has to be named.
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

        // A reference: what ASP.NET Core's endpoint-filter machinery costs with a filter that does nothing.
        app.MapPost("/minimal/empty-filter", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)))
            .AddEndpointFilter(static (context, next) => next(context));
        app.StartAsync().GetAwaiter().GetResult();

        _client = app.GetTestClient();
        _emulator = app.Services.GetRequiredService<WeChatEmulator>();

        // Both checked routes hold the same text in the same scene, so one upstream call caches the verdict for both.
        var warmUp = PostAsync("/mvc/check").GetAwaiter().GetResult();
        if (warmUp != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The warm-up request answered {(int)warmUp}, not 200.");
        }

        EnsureOneUpstreamCheck("after the warm-up");
        foreach (var path in new[] { "/mvc/plain", "/minimal/plain", "/minimal/check", "/minimal/empty-filter" })
        {
            var status = PostAsync(path).GetAwaiter().GetResult();
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)status}, not 200.");
            }
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
            _client?.Dispose();
            _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory(Mvc)]
    public Task Undecorated() => PostBatchAsync("/mvc/plain");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(Mvc)]
    public Task DecoratedCached() => PostBatchAsync("/mvc/check");

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalUndecorated() => PostBatchAsync("/minimal/plain");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalDecoratedCached() => PostBatchAsync("/minimal/check");

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory(MinimalApi)]
    public Task MinimalEmptyFilter() => PostBatchAsync("/minimal/empty-filter");

    // BenchmarkDotNet blocks on each invocation's task; one block per request would measure the thread pool handing
    // the completion back more than the request. A batch of awaited requests pays that once per batch.
    private async Task PostBatchAsync(string path)
    {
        for (var i = 0; i < Batch; i++)
        {
            var status = await PostAsync(path);
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)status}, not 200.");
            }
        }
    }

    private async Task<HttpStatusCode> PostAsync(string path)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = Json;
        using var response = await _client!.PostAsync(new Uri(path, UriKind.Relative), content);
        return response.StatusCode;
    }

    private void EnsureOneUpstreamCheck(string when)
    {
        var calls = _emulator!.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        if (calls != 1)
        {
            var bodies = _emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).Select(r => r.BodyText);
            throw new InvalidOperationException($"The emulator counted {calls} msg_sec_check calls {when}; expected 1: {string.Join(", ", bodies)}");
        }
    }
}
