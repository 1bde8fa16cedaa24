using System.Reflection;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A TestServer application wired as a user wires it: the real library over its own <see cref="WeChatEmulator"/>, the
/// integration controllers and minimal APIs with checks.
/// </summary>
internal sealed class IntegrationApp : IAsyncDisposable
{
    /// <summary>A valid openid for v2 checks: 28 characters of WeChat's alphabet.</summary>
    public const string OpenId = "oIntegration0000000000000000";

    private IntegrationApp(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
        Emulator = app.Services.GetRequiredService<WeChatEmulator>();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public WeChatEmulator Emulator { get; }

    public int TextCalls => Emulator.GetCallCount(WeChatEmulatorEndpoint.MsgSecCheck);

    public int ImageCalls => Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck);

    public static async Task<IntegrationApp> StartAsync(
        Action<WeChatSecurityOptions>? options = null,
        Action<WeChatEmulatorOptions>? emulator = null,
        Action<IServiceCollection>? services = null,
        Action<IWeChatSecurityBuilder>? wechat = null,
        IReadOnlyList<Type>? controllers = null,
        Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddControllers().ConfigureApplicationPartManager(manager =>
        {
            manager.ApplicationParts.Clear();
            manager.FeatureProviders.Add(new IntegrationControllers(controllers ?? []));
        });
        var security = builder.Services.AddWeChatContentSecurity(o =>
        {
            // Retries at once: no test waits on a clock for them.
            o.Resilience.RetryBaseDelay = TimeSpan.Zero;
            options?.Invoke(o);
        }).UseWeChatEmulator(emulator);
        wechat?.Invoke(security);

        var app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapControllers();
        app.MapPost("/minimal/comments", (IntegrationComment comment) => Results.Ok(new { comment.Title, comment.Comment }))
            .WithMsgSecCheck("Title")
            .WithMsgSecCheck("Comment", WeChatScene.Forum);
        app.MapPost("/minimal/comment", (IntegrationComment comment) => Results.Ok(new { comment.Comment }))
            .WithMsgSecCheck("Comment");
        app.MapPost("/minimal/tags", (IntegrationTags tags) => Results.Ok(new { tags.Tags!.Count }))
            .WithMsgSecCheck("Tags");
        app.MapPost("/minimal/shapes", (IntegrationShapes shapes) => Results.Ok(new { shapes.Votes?.Count }))
            .WithMsgSecCheck("Votes")
            .WithMsgSecCheck("Labels")
            .WithMsgSecCheck("Pair")
            .WithMsgSecCheck("Extra")
            .WithMsgSecCheck("Mirrors");
        app.MapPost("/minimal/homepage", (IntegrationShapes shapes) => Results.Ok(new { shapes.Homepage }))
            .WithMsgSecCheck("Homepage");
        app.MapGet("/minimal/link", (Uri link) => Results.Ok(new { link }))
            .WithMsgSecCheck("link");
        app.MapPost("/minimal/photos", (IFormFileCollection photos) => Results.Ok(new { photos.Count }))
            .WithImgSecCheck("photos")
            .DisableAntiforgery();
        app.MapPost("/minimal/avatar", (IFormFile avatar) => Results.Ok(new { avatar.Length }))
            .WithImgSecCheck("avatar")
            .DisableAntiforgery();
        app.MapPost("/minimal/ensure", async (IntegrationComment comment, IWeChatContentSecurity security, CancellationToken cancellationToken) =>
        {
            await security.EnsureTextAsync("comment", comment.Comment ?? string.Empty, cancellationToken: cancellationToken);
            return Results.Ok(new { comment.Comment });
        });
        app.MapPost("/minimal/ensure-v2", async (IntegrationComment comment, IWeChatContentSecurity security, CancellationToken cancellationToken) =>
        {
            await security.EnsureTextAsync("comment", comment.Comment ?? string.Empty, new WeChatCheckContext { OpenId = OpenId }, cancellationToken);
            return Results.Ok(new { comment.Comment });
        });
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new IntegrationApp(app);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<string[]> ErrorKeysAsync(HttpResponseMessage response) =>
        [.. (await ReadJsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    public static MultipartFormDataContent Upload(string field, string fileName, byte[] content, string contentType = "image/png")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, field, fileName } };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    // The controllers every test has, and those one test adds, kept out of the other tests' apps.
    private sealed class IntegrationControllers(IReadOnlyList<Type> added) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
        {
            feature.Controllers.Add(typeof(IntegrationApiController).GetTypeInfo());
            feature.Controllers.Add(typeof(IntegrationMvcController).GetTypeInfo());
            foreach (var controller in added)
            {
                feature.Controllers.Add(controller.GetTypeInfo());
            }
        }
    }
}
