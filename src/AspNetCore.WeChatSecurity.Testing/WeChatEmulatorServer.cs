using System.Net;
using AspNetCore.WeChatSecurity.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// A <see cref="WeChatEmulator"/> served by Kestrel on 127.0.0.1 and a free port, for tests and samples that need a
/// real socket (another process, a real <c>SocketsHttpHandler</c>). It forwards every request to the emulator's one
/// processing core, so it behaves exactly as <see cref="WeChatEmulator.CreateHandler"/>.
/// </summary>
public sealed class WeChatEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsEmulator;

    private WeChatEmulatorServer(WebApplication app, WeChatEmulator emulator, bool ownsEmulator, Uri baseAddress)
    {
        _app = app;
        _ownsEmulator = ownsEmulator;
        Emulator = emulator;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, for example <c>http://127.0.0.1:50123/</c>: use it as <c>ApiBaseAddress</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The emulator behind the server.</summary>
    public WeChatEmulator Emulator { get; }

    /// <summary>Starts a server over a new emulator, which the server disposes when it stops.</summary>
    /// <param name="options">The emulator's options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static Task<WeChatEmulatorServer> StartAsync(WeChatEmulatorOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(new WeChatEmulator(options ?? new WeChatEmulatorOptions()), ownsEmulator: true, cancellationToken);

    /// <summary>Starts a server over an existing emulator, which stays the caller's to dispose.</summary>
    /// <param name="emulator">The emulator to serve.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static Task<WeChatEmulatorServer> StartAsync(WeChatEmulator emulator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return StartAsync(emulator, ownsEmulator: false, cancellationToken);
    }

    /// <summary>Creates an <see cref="HttpClient"/> whose base address is <see cref="BaseAddress"/>.</summary>
    /// <returns>A new client; the caller disposes it.</returns>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Stops the server (and disposes the emulator if the server created it).</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsEmulator)
        {
            Emulator.Dispose();
        }
    }

    private static async Task<WeChatEmulatorServer> StartAsync(WeChatEmulator emulator, bool ownsEmulator, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context => ForwardAsync(emulator, context));
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new WeChatEmulatorServer(app, emulator, ownsEmulator, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            if (ownsEmulator)
            {
                emulator.Dispose();
            }

            throw;
        }
    }

    private static async Task ForwardAsync(WeChatEmulator emulator, HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, aborted);
        var request = new EmulatorRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.ContentType,
            body.ToArray());

        var answer = await emulator.ProcessAsync(request, aborted);
        if (answer.ResetConnection)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = answer.ContentType;
        context.Response.ContentLength = answer.Body.Length;
        await context.Response.Body.WriteAsync(answer.Body, aborted);
    }
}
