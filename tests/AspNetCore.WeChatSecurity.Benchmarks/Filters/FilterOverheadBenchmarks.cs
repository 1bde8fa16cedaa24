using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.TestHost;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// What the check costs a request once its verdict is cached: the same action with and without it, in one in-process
/// host, by MVC action and by minimal API endpoint. The goal is at most 3 % more time per request.
/// </summary>
/// <remarks>The application is <see cref="OverheadHost"/>'s, reached through its test server's client.</remarks>
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
    private OverheadHost? _host;
    private HttpClient? _client;

    [GlobalSetup]
    public void Setup()
    {
        var host = _host = OverheadHost.Start();
        _client = host.App.GetTestClient();

        // Both checked routes hold the same text in the same scene, so one upstream call caches the verdict for both.
        var warmUp = PostAsync("/mvc/check").GetAwaiter().GetResult();
        if (warmUp != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The warm-up request answered {(int)warmUp}, not 200.");
        }

        host.EnsureOneUpstreamCheck("after the warm-up");
        foreach (var path in new[] { "/mvc/plain", "/minimal/plain", "/minimal/check", "/minimal/empty-filter" })
        {
            var status = PostAsync(path).GetAwaiter().GetResult();
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)status}, not 200.");
            }
        }

        host.EnsureOneUpstreamCheck("after the first request to each route");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _host?.Stop();
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
}
