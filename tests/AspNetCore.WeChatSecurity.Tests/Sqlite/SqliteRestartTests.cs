using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.MediaCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Sqlite;

public sealed class SqliteRestartTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task PendingCheck_SurvivesARestart_AndThePushIsDeliveredWithTheCorrelationId_Once()
    {
        var path = _directory.File("checks.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions
        {
            TimeProvider = time,
            MediaCheckDelay = TimeSpan.FromMinutes(3),
            PushUrl = new Uri("http://localhost/wechat/push"),
        });
        var mediaUrl = new Uri("https://cdn.example.test/voice-1.mp3");
        emulator.RegisterMedia(mediaUrl, WeChatEmulator.RiskyTestImage);

        string traceId;
        await using (var before = await MediaCheckApp.StartAsync(shared: emulator, time: time, build: b => b.AddSqliteMediaCheckStore(path)))
        {
            traceId = (await before.MediaCheck.SubmitAsync("voice-message-17", mediaUrl, WeChatMediaType.Audio)).TraceId;
        }

        await using var after = await MediaCheckApp.StartAsync(shared: emulator, time: time, build: b => b.AddSqliteMediaCheckStore(path));
        var push = await after.PushAsync(traceId);

        Assert.True(push.Delivered, push.Error);
        var result = Assert.Single(await after.Handler.WaitForAsync(1));
        Assert.Equal("voice-message-17", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.Risky, result.Outcome);

        Assert.Equal("success", await after.Client.PostAgainAsync(push));
        Assert.Equal(1, after.Handler.Calls);
    }

    [Fact]
    public async Task CheckThatTimedOutWhileTheServerWasDown_IsDeliveredAsTimedOutByTheNextServer()
    {
        var path = _directory.File("checks.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));
        using var emulator = new WeChatEmulator(new WeChatEmulatorOptions { TimeProvider = time, MediaCheckDelay = TimeSpan.FromDays(1) });
        var mediaUrl = new Uri("https://cdn.example.test/voice-2.mp3");

        await using (var before = await MediaCheckApp.StartAsync(shared: emulator, time: time, configure: o => o.MediaCheck.MaxResubmissions = 0, build: b => b.AddSqliteMediaCheckStore(path)))
        {
            await before.MediaCheck.SubmitAsync("voice-message-18", mediaUrl, WeChatMediaType.Audio);
        }

        time.Advance(TimeSpan.FromHours(1));
        await using var after = await MediaCheckApp.StartAsync(shared: emulator, time: time, configure: o => o.MediaCheck.MaxResubmissions = 0, build: b => b.AddSqliteMediaCheckStore(path));
        await after.SweepAsync();

        var result = Assert.Single(after.Handler.Results);
        Assert.Equal("voice-message-18", result.CorrelationId);
        Assert.Equal(WeChatMediaCheckOutcome.TimedOut, result.Outcome);
    }

    [Fact]
    public async Task TheFileAndItsTables_AreCreatedOnFirstUse()
    {
        await using var app = await MediaCheckApp.StartAsync(build: b => b.AddSqliteMediaCheckStore(_directory.File("first-use.db")));
        Assert.False(File.Exists(_directory.File("first-use.db")));

        await app.MediaCheck.SubmitAsync("post-1", new Uri("https://cdn.example.test/a.png"), WeChatMediaType.Image);

        Assert.True(File.Exists(_directory.File("first-use.db")));
        Assert.IsNotType<AspNetCore.WeChatSecurity.MediaCheck.InMemoryMediaCheckStore>(app.App.Services.GetRequiredService<IWeChatMediaCheckStore>());
    }

    public void Dispose() => _directory.Dispose();
}
