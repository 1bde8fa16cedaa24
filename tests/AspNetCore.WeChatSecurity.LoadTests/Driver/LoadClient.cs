using System.Diagnostics;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>
/// A real HTTP client on loopback (<see cref="SocketsHttpHandler"/>, HTTP/1.1 keep-alive): a fixed number of workers
/// each send their next request as soon as the previous one is answered, until the run's requests are spent.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private readonly HttpClient _client;

    public LoadClient(Uri baseAddress, int maxConnections)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    /// <summary>Sends <paramref name="requests"/> requests, <paramref name="concurrency"/> at a time; request i is <paramref name="create"/>(i).</summary>
    public async Task<LoadResult> RunAsync(int requests, int concurrency, Func<int, HttpRequestMessage> create)
    {
        var next = -1;
        var perWorker = new Dictionary<int, int>[concurrency];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var statuses = perWorker[worker] = [];
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var status = await SendAsync(create(index));
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        })));
        stopwatch.Stop();

        var totals = new Dictionary<int, int>();
        foreach (var statuses in perWorker)
        {
            foreach (var (status, count) in statuses)
            {
                totals[status] = totals.GetValueOrDefault(status) + count;
            }
        }

        return new LoadResult(requests, stopwatch.Elapsed, totals);
    }

    public void Dispose() => _client.Dispose();

    private async Task<int> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await _client.SendAsync(request);
                return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return 0;
            }
        }
    }
}
