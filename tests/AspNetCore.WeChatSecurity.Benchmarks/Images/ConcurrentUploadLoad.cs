using AspNetCore.WeChatSecurity.TestData;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Benchmarks.Images;

/// <summary>
/// Peak memory of a burst of concurrent 5 MB phone-photo uploads through <c>WithImgSecCheck</c> and the SkiaSharp
/// resizer, in-process over TestServer on the emulator, with a given bound on concurrent resizes.
/// </summary>
/// <remarks>
/// Run with <c>dotnet run -c Release --project tests/AspNetCore.WeChatSecurity.Benchmarks -- --resize-load [uploads] [max concurrent resizes]</c>,
/// once per process: memory a process has touched is not given back, so configurations are compared in fresh processes
/// (<c>resize-load.sh</c> alternates them). A first burst of two uploads warms up JIT and SkiaSharp. Each upload has its
/// own bytes (a JPEG comment differs), so every one is resized and checked. The working set is sampled every
/// millisecond; the figure is its peak during the burst minus its value just before it.
/// </remarks>
internal static class ConcurrentUploadLoad
{
    public static void Run(int uploads, int maxConcurrentResizes) => RunAsync(uploads, maxConcurrentResizes).GetAwaiter().GetResult();

    private static async Task RunAsync(int uploads, int maxConcurrentResizes)
    {
        var photo = PhonePhotos.TwelveMegapixels();
        byte[][] Uploads(string burst, int count) => [.. Enumerable.Range(0, count)
            .Select(i => BenchmarkImages.WithComment(photo, string.Create(CultureInfo.InvariantCulture, $"{burst} upload {i}")))];

        await BurstAsync(Uploads("warm-up", 2), maxConcurrentResizes);
        var (peak, heap, elapsed) = await BurstAsync(Uploads("measured", uploads), maxConcurrentResizes);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {uploads} x {photo.Length / 1e6:F1} MB | {maxConcurrentResizes} | {peak / 1e6:F0} MB | {heap / 1e6:F0} MB | {elapsed.TotalMilliseconds:F0} ms |"));
    }

    private static async Task<(long Peak, long Heap, TimeSpan Elapsed)> BurstAsync(byte[][] images, int maxConcurrentResizes)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddWeChatContentSecurity(_ => { })
            .UseWeChatEmulator()
            .AddSkiaSharpImageResizer(o => o.MaxConcurrentResizes = maxConcurrentResizes);
        await using var app = builder.Build();
        app.UseWeChatContentSecurity();
        app.MapPost("/avatar", (IFormFile avatar) => Results.Ok(new { avatar.Length })).WithImgSecCheck("avatar").DisableAntiforgery();
        await app.StartAsync();
        using var client = app.GetTestClient();
        var contents = images.Select(image =>
        {
            var part = new ByteArrayContent(image);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            return new MultipartFormDataContent { { part, "avatar", "photo.jpg" } };
        }).ToArray();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        var baseline = Environment.WorkingSet;
        var heapBaseline = GC.GetTotalMemory(forceFullCollection: false);
        long peak = baseline;
        long heapPeak = heapBaseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                await Task.Delay(1, CancellationToken.None);
            }
        }, CancellationToken.None);

        var stopwatch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(contents.Select(content => client.PostAsync("/avatar", content)));
        stopwatch.Stop();
        await done.CancelAsync();
        await sampler;

        var emulator = app.Services.GetRequiredService<WeChatEmulator>();
        if (responses.Any(response => response.StatusCode != HttpStatusCode.OK) || emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck) != images.Length)
        {
            throw new InvalidOperationException(
                $"Expected {images.Length} answers 200 and as many checks; got {string.Join(", ", responses.Select(r => (int)r.StatusCode))} and {emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck)} checks.");
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }

        foreach (var content in contents)
        {
            content.Dispose();
        }

        return (peak - baseline, heapPeak - heapBaseline, stopwatch.Elapsed);
    }
}
