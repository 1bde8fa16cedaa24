using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium.Chrome;

namespace CommentsApi.Tests.Browser;

/// <summary>
/// The sample on real Kestrel at a loopback port, as <c>dotnet run</c> serves it, and one headless Chromium driven
/// through the system's ChromeDriver. Nothing starts without a browser: the tests are then skipped (or fail under CI).
/// </summary>
public sealed class SamplePageFixture : IAsyncLifetime, IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"commentsapi-chromium-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program>? _factory;
    private ChromeDriver? _driver;

    /// <summary>The browser; under CI without one, reading it fails the test with the install hint.</summary>
    public ChromeDriver Driver => _driver ?? throw new InvalidOperationException(Chromium.InstallHint);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public Task InitializeAsync()
    {
        if (!Chromium.IsAvailable)
        {
            return Task.CompletedTask;
        }

        _factory = new WebApplicationFactory<Program>();
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        // Given the driver and the browser, Selenium never runs Selenium Manager, which would try to download them.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Chromium.Driver)!, Path.GetFileName(Chromium.Driver)!);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Chromium.Browser };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={_profile}");
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _driver?.Quit();
        _driver?.Dispose();
        _factory?.Dispose();
        if (Directory.Exists(_profile))
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}
