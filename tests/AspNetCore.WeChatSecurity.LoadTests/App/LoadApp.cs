using System.Net;
using AspNetCore.WeChatSecurity.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// The application under load, as a user would write it: <c>WebApplication.CreateBuilder</c>, the library configured from
/// configuration (here the command line, <c>--WeChatSecurity:…</c>), MVC and minimal-API routes, Kestrel on loopback.
/// It runs in a child process of the load tool so that the CPU time and memory it reports are its own, not the client's
/// or the emulator's.
/// </summary>
internal static class LoadApp
{
    public const string LiftCallLimitsKey = "LoadTool:LiftCallLimits";

    public const string OpenTelemetryKey = "LoadTool:OpenTelemetry";

    /// <summary>
    /// Whether this build's minimal APIs come from the Request Delegate Generator (built with
    /// <c>-p:EnableRequestDelegateGenerator=true</c>), whose code is compiled with the app, rather than from the
    /// expression trees RequestDelegateFactory compiles at start-up.
    /// </summary>
    public static bool UsesRequestDelegateGenerator { get; } =
        typeof(LoadApp).Assembly.GetTypes().Any(type => type.Namespace == "Microsoft.AspNetCore.Http.Generated");

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Both sides of every comparison measure the pipeline, not a console; stdout is the control channel.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<RequestRecorder>();
        builder.Services.AddControllers();
        builder.Services.AddWeChatContentSecurity(builder.Configuration);
        if (builder.Configuration.GetValue<bool>(OpenTelemetryKey))
        {
            // As an app exporting its metrics does: the SDK aggregates the library's instruments and exports every minute.
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(WeChatSecurityMetrics.MeterName).AddInMemoryExporter(new List<Metric>()));
        }
        if (builder.Configuration.GetValue<bool>(LiftCallLimitsKey))
        {
            // Validation caps the client-side limiter at WeChat's 4000 text checks a minute: filling a cache of 100,000
            // verdicts would take 25 minutes. Only the memory scenario lifts the cap, and it measures no limiter.
            builder.Services.RemoveAll<IValidateOptions<WeChatSecurityOptions>>();
        }

        await using var app = builder.Build();

        // First, before routing (hence the explicit UseRouting), so that the recorder sees the whole pipeline.
        var recorder = app.Services.GetRequiredService<RequestRecorder>();
        app.Use(next => context => recorder.InvokeAsync(context, next));
        app.UseRouting();
        app.UseWeChatContentSecurity();
        app.MapControllers();
        app.MapPost("/minimal/plain", (LoadComment request) => Results.Ok(new LoadReply(request.ArticleId, Published: true)));
        app.MapPost("/minimal/twin", (LoadComment request) => Results.Ok(new LoadReply(request.ArticleId, Published: true)));

        // Behind an endpoint filter that only hands the request on, built as the library's is (a factory returning a
        // delegate): the floor of what any endpoint filter costs.
        app.MapPost("/minimal/floor", (LoadComment request) => Results.Ok(new LoadReply(request.ArticleId, Published: true)))
            .AddEndpointFilterFactory(static (_, next) => invocation => next(invocation));
        app.MapPost("/minimal/bare", (LoadComment request) => Results.Ok(new LoadReply(request.ArticleId, Published: true)))
            .AddEndpointFilterFactory(static (_, next) => invocation =>
                BareHit.Rejects((invocation.Arguments[0] as LoadComment)?.Comment)
                    ? ValueTask.FromResult<object?>(Results.UnprocessableEntity())
                    : next(invocation));
        app.MapPost("/minimal/check", (LoadComment request) => Results.Ok(new LoadReply(request.ArticleId, Published: true)))
            .WithMsgSecCheck("Comment");

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await new ControlChannel(app.Services, Console.In, Console.Out).RunAsync(new Uri(address));
        await app.StopAsync();
    }
}
