using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

/// <summary>Starts a TestServer application with WeChat content security over a <see cref="ScriptedContentSecurity"/>.</summary>
public sealed class FilterTestHost
{
    /// <summary>The header the test authentication turns into the <c>openid</c> claim.</summary>
    public const string OpenIdHeader = "X-Test-OpenId";

    public ScriptedContentSecurity Security { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    /// <summary>Controller types to serve; nested test types are added explicitly, so no other test's controllers leak in.</summary>
    public Type[] Controllers { get; init; } = [];

    public Action<WeChatSecurityOptions>? Options { get; init; }

    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Configures the library's builder further, for example to answer WeChat calls with the emulator.</summary>
    public Action<IWeChatSecurityBuilder>? Build { get; init; }

    public Action<WebApplication>? Map { get; init; }

    public bool UseMiddleware { get; init; }

    /// <summary>Development validates the container on build; other environments let exceptions reach the test client.</summary>
    public string Environment { get; init; } = "Development";

    public bool AddWeChatSecurity { get; init; } = true;

    /// <summary>Serves on Kestrel at a loopback port instead of TestServer, for what only a real server enforces (request size limits).</summary>
    public bool Kestrel { get; init; }

    /// <summary>Adds MVC before the library, to show the registration order does not matter.</summary>
    public bool ControllersFirst { get; init; }

    public async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environment });
        if (Kestrel)
        {
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new FakeLoggerProvider(Logs));
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        // Only the library's own categories: the assertions look for its events, not ASP.NET Core's.
        builder.Logging.AddFilter<FakeLoggerProvider>(null, LogLevel.None);
        builder.Logging.AddFilter<FakeLoggerProvider>("AspNetCore.WeChatSecurity", LogLevel.Debug);

        if (ControllersFirst)
        {
            AddControllers(builder.Services);
        }

        if (AddWeChatSecurity)
        {
            var security = builder.Services.AddWeChatContentSecurity(o =>
            {
                o.AppId = "wx0000000000000000";
                o.AppSecret = "test-secret";
                Options?.Invoke(o);
            });
            Build?.Invoke(security);
            builder.Services.AddSingleton<IWeChatContentSecurity>(Security);
        }

        if (!ControllersFirst)
        {
            AddControllers(builder.Services);
        }

        Services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(OpenIdHeader, out var openId))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("openid", openId.ToString())], "Test"));
            }

            return next(context);
        });

        if (UseMiddleware)
        {
            app.UseWeChatContentSecurity();
        }

        if (Controllers.Length > 0)
        {
            app.MapControllers();
        }

        Map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A client of the started application: on Kestrel one at its loopback address, otherwise TestServer's.</summary>
    public HttpClient CreateClient(WebApplication app) =>
        Kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static MultipartFormDataContent Files(params (string Field, string FileName, string Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, fileName, content) in files)
        {
            var part = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(content));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(part, field, fileName);
        }

        return form;
    }

    /// <summary>One file of exactly <paramref name="bytes"/> bytes under <paramref name="field"/>, for the upload limits.</summary>
    public static MultipartFormDataContent FileOfSize(string field, int bytes) => Files((field, "a.png", "PNG ".PadRight(bytes, '\0')));

    /// <summary>A multipart form whose body ends inside the file's part: no closing boundary, as when a client is cut off.</summary>
    public static ByteArrayContent CutShortForm(string field)
    {
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(
            $"--cut\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG 0123456789"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");
        return content;
    }

    private void AddControllers(IServiceCollection services)
    {
        if (Controllers.Length == 0)
        {
            return;
        }

        services.AddControllers().ConfigureApplicationPartManager(manager =>
        {
            manager.ApplicationParts.Clear();
            manager.FeatureProviders.Add(new OnlyTheseControllers(Controllers));
        });
    }

    private sealed class OnlyTheseControllers(Type[] controllers) : IApplicationFeatureProvider<ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<ApplicationPart> parts, ControllerFeature feature)
        {
            foreach (var controller in controllers)
            {
                feature.Controllers.Add(controller.GetTypeInfo());
            }
        }
    }
}
