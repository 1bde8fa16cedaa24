using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>
/// The in-process application the filter benchmarks measure, on a test server: <see cref="OverheadController"/>'s
/// actions and the same three minimal API routes (plain, checked, and an empty endpoint filter), WeChat content
/// security on the emulator. Logging providers are cleared so that both sides measure the pipeline rather than the
/// console. Every measured request to a checked route must be a cache hit: the emulator counts one
/// <c>msg_sec_check</c> from the warm-up to the end.
/// </summary>
internal sealed class OverheadHost
{
    private OverheadHost(WebApplication app)
    {
        App = app;
        Emulator = app.Services.GetRequiredService<WeChatEmulator>();
    }

    public WebApplication App { get; }

    public WeChatEmulator Emulator { get; }

    /// <summary>Builds the application without starting it, for the benchmarks that call the filters themselves.</summary>
    public static OverheadHost Build()
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

        var app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapControllers();
        app.MapPost("/minimal/plain", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)));
        app.MapPost("/minimal/check", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)))
            .WithMsgSecCheck("Comment");

        // A reference: what ASP.NET Core's endpoint-filter machinery costs with a filter that does nothing.
        app.MapPost("/minimal/empty-filter", (OverheadComment request) => Results.Ok(new OverheadReply(request.ArticleId, Published: true)))
            .AddEndpointFilter(static (context, next) => next(context));
        return new OverheadHost(app);
    }

    public static OverheadHost Start()
    {
        var host = Build();
        host.App.StartAsync().GetAwaiter().GetResult();
        return host;
    }

    public void EnsureOneUpstreamCheck(string when)
    {
        var calls = Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);
        if (calls != 1)
        {
            var bodies = Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck).Select(r => r.BodyText);
            throw new InvalidOperationException($"The emulator counted {calls} msg_sec_check calls {when}; expected 1: {string.Join(", ", bodies)}");
        }
    }

    /// <summary>Says whether a measured request missed the cache, and disposes the application either way.</summary>
    public void Stop()
    {
        try
        {
            EnsureOneUpstreamCheck("at the end: a measured request missed the cache");
        }
        finally
        {
            App.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
