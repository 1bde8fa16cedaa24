using AspNetCore.WeChatSecurity.Redis.Connection;
using AspNetCore.WeChatSecurity.Redis.Gates;
using AspNetCore.WeChatSecurity.Testing;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Redis.Tests.Farm;

/// <summary>One instance of a farm: the library as a user wires it, over a shared emulator and a shared Redis.</summary>
internal sealed class FarmInstance : IAsyncDisposable
{
    private FarmInstance(WebApplication app, RecordingHandler handler)
    {
        App = app;
        Client = app.GetTestClient();
        Handler = handler;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public RecordingHandler Handler { get; }

    public RedisConnection Redis => App.Services.GetRequiredService<RedisConnection>();

    public FarmQuotaGate Gate => App.Services.GetRequiredService<FarmQuotaGate>();

    public IWeChatMediaCheck MediaCheck => App.Services.GetRequiredService<IWeChatMediaCheck>();

    public HttpMessageHandler CreateHandler() => App.GetTestServer().CreateHandler();

    public static async Task<FarmInstance> StartAsync(WeChatEmulator emulator, FakeTimeProvider time, string redis, string keyPrefix, int textChecksPerMinute, FakeLogCollector? logs = null, Action<IServiceCollection>? services = null)
    {
        var handler = new RecordingHandler();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        }

        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(handler);
        builder.Services.AddHealthChecks().AddWeChatContentSecurity();
        builder.Services.AddWeChatContentSecurity(o =>
            {
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                o.Resilience.MaxRetryAttempts = 0;
                o.Resilience.TextChecksPerMinute = textChecksPerMinute;
                o.Resilience.MaxLimiterWait = TimeSpan.Zero;
                o.MediaCheck.PublicBaseAddress = new Uri("http://localhost");
                o.MediaCheck.SweepInterval = TimeSpan.FromHours(1);
            })
            .UseWeChatEmulator(emulator)
            .AddRedis(redis, o =>
            {
                o.KeyPrefix = keyPrefix;
                o.InstanceCount = 3;
            });
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapPost("/comments", (Comment comment) => Results.Ok(comment)).WithMsgSecCheck("Text");
        app.MapWeChatMediaCheckPush("/wechat/push");
        app.MapWeChatMediaDownload("/wechat/media");
        app.MapHealthChecks("/health");
        await app.StartAsync();
        return new FarmInstance(app, handler);
    }

    public Task<HttpResponseMessage> PostCommentAsync(string text) =>
        Client.PostAsJsonAsync("/comments", new Comment(text));

    public async Task<string> HealthAsync() => await Client.GetStringAsync("/health");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    internal sealed record Comment(string Text);

    internal sealed class RecordingHandler : IWeChatMediaCheckResultHandler
    {
        private readonly List<WeChatMediaCheckResult> _results = [];

        public IReadOnlyList<WeChatMediaCheckResult> Results
        {
            get
            {
                lock (_results)
                {
                    return [.. _results];
                }
            }
        }

        public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
        {
            lock (_results)
            {
                _results.Add(result);
            }

            return Task.CompletedTask;
        }
    }
}
