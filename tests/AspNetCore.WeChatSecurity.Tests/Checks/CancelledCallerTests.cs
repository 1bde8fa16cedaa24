using AspNetCore.WeChatSecurity.Tests.Images;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>A caller whose token is cancelled before it asks, as an async method would answer it.</summary>
public class CancelledCallerTests
{
    private static readonly WeChatCheckContext WithOpenId = new() { OpenId = "o-user" };

    public static TheoryData<string> Checks => new() { "text", "long text", "image", "image stream" };

    public static TheoryData<string> InMemoryChecks => new() { "text", "long text", "image" };

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task NotCached_TheTaskIsCanceledWithTheCallersToken_NotFaulted_AndWeChatIsNotCalled(string check)
    {
        using var harness = new ContentSecurityHarness();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Held before being awaited, as Task.WhenAll holds them.
        var pending = Start(harness.Security, check, cancelled.Token).AsTask();

        Assert.True(pending.IsCanceled);
        Assert.True(Task.WhenAll(pending).IsCanceled);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(cancelled.Token, exception.CancellationToken);
        Assert.Equal(0, harness.Api.TextCalls + harness.Api.ImageCalls);
    }

    // The verdict is already known: answering it costs the caller nothing, and a cancelled token says to stop waiting,
    // not that a result at hand is wrong.
    [Theory]
    [MemberData(nameof(InMemoryChecks))]
    public async Task Cached_TheVerdictIsStillReturned(string check)
    {
        using var harness = new ContentSecurityHarness();
        await Start(harness.Security, check, CancellationToken.None);
        var calls = harness.Api.TextCalls + harness.Api.ImageCalls;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var pending = Start(harness.Security, check, cancelled.Token);

        Assert.True(pending.IsCompletedSuccessfully);
        var verdict = await pending;
        Assert.True(verdict.IsPass);
        Assert.True(verdict.FromCache);
        Assert.Equal(calls, harness.Api.TextCalls + harness.Api.ImageCalls);
    }

    // Its bytes are the cache's key, so the stream is read first, and the read honours the token: canceled, as the
    // interface documents, never faulted nor thrown by the call.
    [Fact]
    public async Task CachedImageFromAStream_TheTaskIsCanceled_NotFaulted_AndWeChatIsNotCalledAgain()
    {
        using var harness = new ContentSecurityHarness();
        Assert.True((await Start(harness.Security, "image stream", CancellationToken.None)).IsPass);
        Assert.True((await Start(harness.Security, "image", CancellationToken.None)).FromCache);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var pending = Start(harness.Security, "image stream", cancelled.Token).AsTask();

        Assert.True(pending.IsCanceled);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(cancelled.Token, exception.CancellationToken);
        Assert.Equal(1, harness.Api.ImageCalls);
    }

    private static ValueTask<WeChatVerdict> Start(IWeChatContentSecurity security, string check, CancellationToken cancellationToken) => check switch
    {
        "text" => security.CheckTextAsync("hello", WithOpenId, cancellationToken),
        "long text" => security.CheckTextAsync(new string('a', 3000) + new string('b', 3000), WithOpenId, cancellationToken),
        "image" => security.CheckImageAsync(TestImages.Png(10, 10), cancellationToken),
        "image stream" => security.CheckImageAsync(new MemoryStream(TestImages.Png(10, 10)), cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(check), check, null),
    };
}
