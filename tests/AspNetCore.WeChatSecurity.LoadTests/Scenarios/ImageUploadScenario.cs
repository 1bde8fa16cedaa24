using System.Globalization;
using AspNetCore.WeChatSecurity.LoadTests.Driver;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.LoadTests.Scenarios;

/// <summary>
/// Memory while many 1 MB images are uploaded at once to an <c>[ImgSecCheck]</c> action, each distinct so that each goes
/// to WeChat: the app's peak resident memory and peak managed heap above where they stood before the uploads, in all
/// and per upload in flight.
/// </summary>
internal static class ImageUploadScenario
{
    private const int ImageBytes = 1_000_000;

    public static async Task RunAsync(LoadSettings settings)
    {
        var concurrency = settings.Pick(64, 32);
        var uploads = settings.Pick(512, 128);

        await using var emulator = await EmulatorHost.StartAsync(settings.Latency);
        await using var app = await AppProcess.StartAsync(emulator, settings.AppSettings());
        using var client = new LoadClient(app.Address, concurrency);

        // One small upload first, so that the baseline includes a started pipeline and an access token.
        var first = await client.RunAsync(1, 1, _ => Requests.PostImage("/mvc/avatar", "avatar", WeChatEmulator.SafeTestImage.ToArray()));
        if (first.Count(200) != 1)
        {
            throw new InvalidOperationException($"The first upload answered {first.DescribeStatuses()}.");
        }

        var images = Enumerable.Range(0, uploads).Select(i => LargePng.Create(ImageBytes, seed: i)).ToArray();
        var heapBefore = await app.CollectedHeapBytesAsync();
        var residentBefore = await app.ResetPeakAsync();
        var result = await client.RunAsync(uploads, concurrency, i => Requests.PostImage("/mvc/avatar", "avatar", images[i]));
        var (peakResident, peakManaged) = await app.PeakAsync();
        var upstream = emulator.Emulator.GetCallCount(WeChatEmulatorEndpoint.ImgSecCheck) - 1;

        Report.Heading("Memory while 1 MB images are uploaded concurrently");
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"{uploads} distinct {ImageBytes:N0}-byte PNGs posted as multipart forms to an [ImgSecCheck] MVC action, {concurrency} at a time; WeChat answering after {settings.Latency.TotalMilliseconds:F0} ms; {upstream} img_sec_check calls."));
        Report.Line();
        Report.Line("| Uploads in flight | Answers | Peak resident memory above baseline | Per upload in flight | Peak managed heap above baseline (sampled every 5 ms) | Per upload in flight |");
        Report.Line("|---:|---|---:|---:|---:|---:|");
        var resident = peakResident - residentBefore;
        var managed = peakManaged - heapBefore;
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {result.DescribeStatuses()} | {Megabytes(resident)} | {Megabytes(resident / concurrency)} | {Megabytes(managed)} | {Megabytes(managed / concurrency)} |"));
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024d * 1024):F1} MB");
}
