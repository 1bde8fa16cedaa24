using System.Collections.Concurrent;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>
/// An application with the push and media endpoints mapped on a test server, talking to an emulator that downloads
/// from the media endpoint and pushes back to the push endpoint, all on one fake clock.
/// </summary>
internal sealed class MediaCheckApp : IAsyncDisposable
{
    private MediaCheckApp(WebApplication app, WeChatEmulator emulator, FakeTimeProvider time, RecordingResultHandler handler)
    {
        App = app;
        Emulator = emulator;
        Time = time;
        Handler = handler;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public WeChatEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public RecordingResultHandler Handler { get; }

    public HttpClient Client { get; }

    public IWeChatMediaCheck MediaCheck => App.Services.GetRequiredService<IWeChatMediaCheck>();

    public static async Task<MediaCheckApp> StartAsync(
        Action<WeChatEmulatorOptions>? emulator = null,
        Action<WeChatSecurityOptions>? configure = null,
        Action<IWeChatSecurityBuilder>? build = null,
        WeChatEmulator? shared = null,
        FakeTimeProvider? time = null,
        Action<WebApplication>? endpoints = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));
        var handler = new RecordingResultHandler();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(handler);
        WebApplication? app = null;
        var security = builder.Services.AddWeChatContentSecurity(o =>
        {
            o.Resilience.RetryBaseDelay = TimeSpan.Zero;
            o.MediaCheck.PublicBaseAddress = new Uri("http://localhost");

            // The tests sweep by hand, so the hosted sweeper must not run in between.
            o.MediaCheck.SweepInterval = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        });
        var toApp = new DeferredHandler(() => app!.GetTestServer().CreateHandler());
        if (shared is null)
        {
            security.UseWeChatEmulator(o =>
            {
                o.PushUrl = new Uri("http://localhost/wechat/push");
                o.PushHandler = toApp;
                o.MediaHandler = toApp;
                emulator?.Invoke(o);
            });
        }
        else
        {
            shared.Options.PushHandler = toApp;
            shared.Options.MediaHandler = toApp;
            security.UseWeChatEmulator(shared);
        }

        build?.Invoke(security);
        app = builder.Build();
        app.MapWeChatMediaCheckPush("/wechat/push");
        app.MapWeChatMediaDownload("/wechat/media");

        // Mapped before the start, so that the start-up validation sees them.
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new MediaCheckApp(app, app.Services.GetRequiredService<WeChatEmulator>(), time, handler);
    }

    /// <summary>Lets the emulator's check run: it downloads the media, decides and pushes; returns what it pushed.</summary>
    public async Task<WeChatEmulatorPush> PushAsync(string traceId)
    {
        var pushed = Emulator.WaitForPushAsync(traceId);
        Time.Advance(Emulator.Options.MediaCheckDelay);
        return await pushed;
    }

    public Task SweepAsync() => App.Services.GetRequiredService<MediaCheckSweeper>().SweepAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    // The emulator is built before the test server exists; this hands its requests to the server once it does.
    private sealed class DeferredHandler(Func<HttpMessageHandler> create) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            InnerHandler ??= create();
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Records every outcome it is handed; can be told to fail a number of times first.</summary>
internal sealed class RecordingResultHandler : IWeChatMediaCheckResultHandler
{
    private readonly ConcurrentQueue<WeChatMediaCheckResult> _results = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<IReadOnlyList<WeChatMediaCheckResult>>> _waiters = new();
    private int _failuresLeft;

    public IReadOnlyList<WeChatMediaCheckResult> Results => [.. _results];

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>Completes once at least <paramref name="count"/> outcomes were handled.</summary>
    public Task<IReadOnlyList<WeChatMediaCheckResult>> WaitForAsync(int count)
    {
        var waiter = _waiters.GetOrAdd(count, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_results.Count >= count)
        {
            waiter.TrySetResult(Results);
        }

        return waiter.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("The application's database is down.");
        }

        _results.Enqueue(result);
        foreach (var (count, waiter) in _waiters)
        {
            if (_results.Count >= count)
            {
                waiter.TrySetResult(Results);
            }
        }

        return Task.CompletedTask;
    }
}
