using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>
/// The same bytes uploaded again and again while their check is pending join it, up to
/// <see cref="WeChatMediaCheckOptions.MaxUploadsPerCheck"/>; past that they are submitted as a check of their own, which
/// later repeats join, so no record (rewritten by every join) grows without bound and no upload is refused.
/// </summary>
public sealed class UploadsPerCheckTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task RepeatsPastTheCap_AreSubmittedAsANewCheck_WhichLaterRepeatsJoin_AndEveryUploadGetsItsVerdictOnce(string storeKind)
    {
        var path = _directory.File("checks.db");
        await using var app = await MediaCheckApp.StartAsync(
            emulator: o => o.MediaCheckDelay = TimeSpan.FromSeconds(10),
            configure: o => o.MediaCheck.MaxUploadsPerCheck = 3,
            build: storeKind == "sqlite" ? b => b.AddSqliteMediaCheckStore(path) : null);
        app.App.MapPost("/voice", (HttpContext context) =>
        {
            var check = context.GetWeChatMediaCheck("voice");
            return Results.Ok(new { check.CorrelationId, check.TraceId, check.Joined });
        }).WithMediaSecCheck("voice", WeChatMediaType.Audio).DisableAntiforgery();
        var media = WeChatEmulator.RiskyTestImage.ToArray();

        // Uploads 1-3 now, 4-7 a second later: the first check's verdict comes a second before the others'.
        var uploads = new List<(string CorrelationId, string TraceId, bool Joined)>();
        for (var upload = 1; upload <= 7; upload++)
        {
            if (upload == 4)
            {
                app.Time.Advance(TimeSpan.FromSeconds(1));
            }

            using var form = new MultipartFormDataContent { { new ByteArrayContent(media), "voice", "v.mp3" } };
            using var response = await app.Client.PostAsync("/voice", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            uploads.Add((body.GetProperty("correlationId").GetString()!, body.GetProperty("traceId").GetString()!, body.GetProperty("joined").GetBoolean()));
        }

        Assert.Equal(3, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
        var traceIds = uploads.Select(u => u.TraceId).Distinct().ToList();
        Assert.Equal(3, traceIds.Count);
        Assert.Equal([3, 3, 1], traceIds.Select(traceId => uploads.Count(u => u.TraceId == traceId)));
        Assert.Equal([false, true, true, false, true, true, false], uploads.Select(u => u.Joined));
        var store = app.App.Services.GetRequiredService<IWeChatMediaCheckStore>();
        foreach (var traceId in traceIds)
        {
            var record = await store.FindByTraceIdAsync(traceId, CancellationToken.None);
            Assert.Equal(uploads.Where(u => u.TraceId == traceId).Select(u => u.CorrelationId), record!.CorrelationIds);
        }

        // The first check's verdict must not take the bytes the two later checks still have WeChat download.
        var first = app.Emulator.WaitForPushAsync(traceIds[0]);
        app.Time.Advance(TimeSpan.FromSeconds(9));
        var firstPush = await first;
        Assert.True(firstPush.Delivered);

        // Its own URL stops working with its verdict, though the bytes stay for the later checks: a stream of checks of
        // the same bytes does not gather every earlier check's download token.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(firstPush.MediaUrl)).StatusCode);
        var later = traceIds.Skip(1).Select(traceId => app.Emulator.WaitForPushAsync(traceId)).ToList();
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var pushes = await Task.WhenAll(later);

        Assert.All(pushes, push => Assert.True(push.MediaFetched && push.Delivered, push.Error));
        var results = await app.Handler.WaitForAsync(7);
        Assert.Equal(7, app.Handler.Calls);
        Assert.Equal(uploads.Select(u => u.CorrelationId).Order(StringComparer.Ordinal), results.Select(r => r.CorrelationId!).Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.Equal(WeChatMediaCheckOutcome.Risky, r.Outcome));
        Assert.Equal(0, app.App.Services.GetRequiredService<KeptMediaStore>().TotalBytes);
    }

    public void Dispose() => _directory.Dispose();
}
