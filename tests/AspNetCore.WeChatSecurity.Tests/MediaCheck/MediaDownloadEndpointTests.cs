using System.Net;
using System.Text.Json;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class MediaDownloadEndpointTests
{
    private static readonly byte[] Voice = MakeMedia(3 * 1024 * 1024 + 17, seed: 1);

    [Fact]
    public async Task ValidSignedUrl_ServesTheExactBytes()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromDays(1));

        await app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio);
        var response = await app.Client.GetAsync(SubmittedUrl(app));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Voice, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("token")]
    [InlineData("expires")]
    [InlineData("sig")]
    public async Task TamperedUrl_Is404(string part)
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromDays(1));
        await app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio);
        var url = SubmittedUrl(app).AbsoluteUri;

        var tampered = part switch
        {
            "token" => url.Replace("/wechat/media/", "/wechat/media/0", StringComparison.Ordinal),
            "expires" => url.Replace("expires=", "expires=9", StringComparison.Ordinal),
            _ => url.Replace("sig=", "sig=A", StringComparison.Ordinal),
        };

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task ExpiredUrl_Is404()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromDays(1));
        var pending = await app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio);
        var url = SubmittedUrl(app);

        app.Time.Advance(pending.Deadline - app.Time.GetUtcNow() + TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task UrlReusedAfterTheVerdict_Is404_AndTheBytesAreGone()
    {
        await using var app = await MediaCheckApp.StartAsync();
        var pending = await app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio);
        var url = SubmittedUrl(app);
        var kept = app.App.Services.GetRequiredService<KeptMediaStore>();
        Assert.Equal(Voice.Length, kept.TotalBytes);

        await app.PushAsync(pending.TraceId);
        await app.Handler.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(url)).StatusCode);
        Assert.Equal(0, kept.TotalBytes);
    }

    [Fact]
    public async Task TimedOutCheck_DeletesItsBytes()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromDays(1), o => o.MediaCheck.MaxResubmissions = 0);
        await app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio);
        var url = SubmittedUrl(app);

        app.Time.Advance(TimeSpan.FromMinutes(35));
        await app.SweepAsync();

        Assert.Equal(WeChatMediaCheckOutcome.TimedOut, Assert.Single(app.Handler.Results).Outcome);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(url)).StatusCode);
        Assert.Equal(0, app.App.Services.GetRequiredService<KeptMediaStore>().TotalBytes);
    }

    [Fact]
    public async Task SubmissionOverTheTotalBound_IsAClearError_AndNothingIsHalfStored()
    {
        await using var app = await MediaCheckApp.StartAsync(o => o.MediaCheckDelay = TimeSpan.FromDays(1), o => o.MediaCheck.MaxKeptMediaBytes = WeChatMediaCheckOptions.MaxMediaBytes);
        var kept = app.App.Services.GetRequiredService<KeptMediaStore>();
        var first = MakeMedia(6 * 1024 * 1024, seed: 2);
        var second = MakeMedia(6 * 1024 * 1024, seed: 3);

        await app.MediaCheck.SubmitAsync("post-1", first, WeChatMediaType.Image);
        var refused = await Assert.ThrowsAsync<WeChatUnavailableException>(() => app.MediaCheck.SubmitAsync("post-2", second, WeChatMediaType.Image));

        Assert.Equal(WeChatUnavailableReason.MediaStorageFull, refused.Reason);
        Assert.Contains("MaxKeptMediaBytes", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.Length, kept.TotalBytes);
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task RefusedSubmission_KeepsNoBytes()
    {
        await using var app = await MediaCheckApp.StartAsync();
        app.Emulator.FailNext(WeChatEmulatorFault.Error(40003), endpoint: WeChatEmulatorEndpoint.MediaCheckAsync);

        await Assert.ThrowsAsync<WeChatApiException>(() => app.MediaCheck.SubmitAsync("post-1", Voice, WeChatMediaType.Audio));

        Assert.Equal(0, app.App.Services.GetRequiredService<KeptMediaStore>().TotalBytes);
    }

    [Fact]
    public async Task MediaOver10MB_Is413_AndEmptyMediaIs400()
    {
        await using var app = await MediaCheckApp.StartAsync();

        var tooLarge = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => app.MediaCheck.SubmitAsync("post-1", new byte[WeChatMediaCheckOptions.MaxMediaBytes + 1], WeChatMediaType.Audio));
        var empty = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => app.MediaCheck.SubmitAsync("post-1", ReadOnlyMemory<byte>.Empty, WeChatMediaType.Audio));

        Assert.Equal(WeChatInvalidContentReason.TooLarge, tooLarge.Reason);
        Assert.Equal(WeChatInvalidContentReason.Unreadable, empty.Reason);
        Assert.Equal(0, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    private static Uri SubmittedUrl(MediaCheckApp app)
    {
        var request = app.Emulator.Requests.Last(r => r.Endpoint == WeChatEmulatorEndpoint.MediaCheckAsync);
        using var body = JsonDocument.Parse(request.BodyText);
        return new Uri(body.RootElement.GetProperty("media_url").GetString()!);
    }

    private static byte[] MakeMedia(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
