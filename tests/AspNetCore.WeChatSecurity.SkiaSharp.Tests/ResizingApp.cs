using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>
/// A TestServer application wired as a user wires it: <c>AddWeChatContentSecurity(...).AddSkiaSharpImageResizer()</c>
/// over the emulator, with <see cref="AvatarController"/>. Counts the resizes through the resizer's metric.
/// </summary>
internal sealed class ResizingApp : IAsyncDisposable
{
    private readonly MetricCollector<double> _resizes;

    private ResizingApp(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
        Emulator = app.Services.GetRequiredService<WeChatEmulator>();
        _resizes = new MetricCollector<double>(
            app.Services.GetRequiredService<IMeterFactory>(), "AspNetCore.WeChatSecurity", "wechat.security.image.resize.duration");
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public WeChatEmulator Emulator { get; }

    public int ImageCalls => Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck);

    /// <summary>Images resized so far, counted by the resizer's duration metric.</summary>
    public int Resizes => _resizes.GetMeasurementSnapshot().Count;

    /// <summary>The image the emulator received last.</summary>
    public WeChatEmulatorRequest LastImageRequest => Emulator.Requests.Last(request => request.Endpoint == WeChatEmulatorEndpoint.ImgSecCheck);

    public static async Task<ResizingApp> StartAsync(Action<WeChatSecurityOptions>? options = null, Action<SkiaSharpImageResizerOptions>? resizer = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddControllers().ConfigureApplicationPartManager(manager =>
        {
            manager.ApplicationParts.Clear();
            manager.FeatureProviders.Add(new AvatarControllerOnly());
        });
        builder.Services.AddWeChatContentSecurity(o =>
            {
                // Retries at once: no test waits on a clock for them.
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                options?.Invoke(o);
            })
            .UseWeChatEmulator()
            .AddSkiaSharpImageResizer(resizer);

        var app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapControllers();
        await app.StartAsync();
        return new ResizingApp(app);
    }

    public Task<HttpResponseMessage> UploadAsync(byte[] image, string fileName = "photo.jpg", string contentType = "image/jpeg")
    {
        var part = new ByteArrayContent(image);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Client.PostAsync("/avatar", new MultipartFormDataContent { { part, "avatar", fileName } });
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _resizes.Dispose();
        Client.Dispose();
        await App.DisposeAsync();
    }

    private sealed class AvatarControllerOnly : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature) =>
            feature.Controllers.Add(typeof(AvatarController).GetTypeInfo());
    }
}
