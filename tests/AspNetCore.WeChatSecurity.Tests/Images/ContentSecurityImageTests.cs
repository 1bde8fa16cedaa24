using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Tests.Checks;
using AspNetCore.WeChatSecurity.Tests.Verdicts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Images;

public class ContentSecurityImageTests
{
    public static TheoryData<byte[], string, string> Formats => new()
    {
        { TestImages.Png(100, 100), "image/png", "image.png" },
        { TestImages.Jpeg(100, 100), "image/jpeg", "image.jpg" },
        { TestImages.Gif(100, 100), "image/gif", "image.gif" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task EachFormat_SentWithItsSniffedTypeAndMatchingFileName(byte[] image, string contentType, string fileName)
    {
        using var harness = new ContentSecurityHarness();

        var verdict = await harness.Security.CheckImageAsync(image);

        Assert.True(verdict.IsPass);
        var request = Assert.Single(harness.Api.ImageRequests);
        Assert.Equal(contentType, request.ContentType);
        Assert.Equal(fileName, request.FileName);
        Assert.Equal(image, request.Content.ToArray());
    }

    [Fact]
    public async Task EmptyImage_400WithoutACall()
    {
        using var harness = new ContentSecurityHarness();

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(ReadOnlyMemory<byte>.Empty).AsTask());

        Assert.Equal(WeChatInvalidContentReason.Unreadable, exception.Reason);
        Assert.Equal(0, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task NotAnImage_415WithoutACall()
    {
        using var harness = new ContentSecurityHarness();

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync("<svg></svg>"u8.ToArray()).AsTask());

        Assert.Equal(WeChatInvalidContentReason.UnsupportedFormat, exception.Reason);
        Assert.Equal(0, harness.Api.ImageCalls);
    }

    [Theory]
    [InlineData(WeChatOversizePolicy.Reject)]
    [InlineData(WeChatOversizePolicy.SendAnyway)]
    public async Task OverTheByteLimit_413NamingTheLimitsWhateverThePolicy(WeChatOversizePolicy policy)
    {
        using var harness = new ContentSecurityHarness(o => { o.Images.MaxImageBytes = 1000; o.Images.OversizePolicy = policy; });

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(TestImages.Png(10, 10, 1001)).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Contains("1,000 bytes", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task OverThePixelLimitWithReject_413NamingTheLimits()
    {
        using var harness = new ContentSecurityHarness();

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(TestImages.Jpeg(751, 100)).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Contains("751x100", exception.Message, StringComparison.Ordinal);
        Assert.Contains("750x1334", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverThePixelLimitWithSendAnyway_Sent()
    {
        using var harness = new ContentSecurityHarness(o => o.Images.OversizePolicy = WeChatOversizePolicy.SendAnyway);

        var verdict = await harness.Security.CheckImageAsync(TestImages.Gif(2000, 3000));

        Assert.True(verdict.IsPass);
        Assert.Equal(1, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task OversizeWithResize_TheResizedImageIsSentWithItsOwnType()
    {
        var resizer = new FakeImageResizer(TestImages.Png(375, 667, 500));
        using var harness = new ContentSecurityHarness(
            o => { o.Images.MaxImageBytes = 1000; o.Images.OversizePolicy = WeChatOversizePolicy.Resize; },
            services: s => s.AddSingleton<IWeChatImageResizer>(resizer));
        var original = TestImages.Jpeg(1500, 2668, totalBytes: 5000);

        var verdict = await harness.Security.CheckImageAsync(original);

        Assert.True(verdict.IsPass);
        Assert.Equal((5000, 750, 1334, 1000L), resizer.LastRequest);
        var request = Assert.Single(harness.Api.ImageRequests);
        Assert.Equal("image/png", request.ContentType);
        Assert.Equal("image.png", request.FileName);
        Assert.Equal(500, request.Content.Length);

        var again = await harness.Security.CheckImageAsync(original);
        Assert.True(again.FromCache);
        Assert.Equal(1, resizer.Calls);
    }

    [Fact]
    public async Task ResizerResultStillTooLarge_413()
    {
        var resizer = new FakeImageResizer(TestImages.Png(800, 100));
        using var harness = new ContentSecurityHarness(o => o.Images.OversizePolicy = WeChatOversizePolicy.Resize, services: s => s.AddSingleton<IWeChatImageResizer>(resizer));

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(TestImages.Png(1600, 200)).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Contains("after resizing", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Api.ImageCalls);
    }

    // A check takes the limits once: a reload while its image is being resized does not judge the resized image by
    // limits other than those it was resized to.
    [Fact]
    public async Task LimitsReloadedDuringAResize_TheCheckKeepsTheLimitsItStartedWith()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChatSecurity:Images:OversizePolicy"] = "Resize" })
            .Build();
        var resizer = new GatedImageResizer(TestImages.Png(750, 7));
        using var harness = new ContentSecurityHarness(services: s => s
            .AddSingleton<IWeChatImageResizer>(resizer)
            .Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));

        var check = harness.Security.CheckImageAsync(TestImages.Png(1000, 10)).AsTask();
        await resizer.Entered.Task;
        configuration["WeChatSecurity:Images:MaxImageWidth"] = "500";
        configuration.Reload();
        resizer.Release.SetResult();
        var verdict = await check;

        Assert.True(verdict.IsPass);
        Assert.Equal(750, resizer.MaxWidth);
        Assert.Equal(TestImages.Png(750, 7), Assert.Single(harness.Api.ImageRequests).Content.ToArray());

        // The next check is held to the reloaded limits: the same resized image is now too wide.
        var refused = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(TestImages.Png(1000, 11)).AsTask());
        Assert.Equal(WeChatInvalidContentReason.TooLarge, refused.Reason);
        Assert.Equal(500, resizer.MaxWidth);
    }

    [Fact]
    public async Task ResizerResultNotAnImage_InvalidOperationNamingTheResizer()
    {
        var resizer = new FakeImageResizer("not an image"u8.ToArray());
        using var harness = new ContentSecurityHarness(o => o.Images.OversizePolicy = WeChatOversizePolicy.Resize, services: s => s.AddSingleton<IWeChatImageResizer>(resizer));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Security.CheckImageAsync(TestImages.Png(1600, 200)).AsTask());

        Assert.Contains(nameof(FakeImageResizer), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResizeWithoutAResizer_ClearInvalidOperation()
    {
        using var harness = new ContentSecurityHarness(o => o.Images.OversizePolicy = WeChatOversizePolicy.Resize);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Security.CheckImageAsync(TestImages.Png(1600, 200)).AsTask());

        Assert.Contains(nameof(IWeChatImageResizer), exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WeChatOversizePolicy.Reject, 1000)]
    [InlineData(WeChatOversizePolicy.SendAnyway, 1000)]
    [InlineData(WeChatOversizePolicy.Resize, 5000)]
    public async Task HugeStream_ReadsAtMostTheLimitPlusOneByte(WeChatOversizePolicy policy, long limit)
    {
        using var harness = new ContentSecurityHarness(
            o => { o.Images.MaxImageBytes = 1000; o.Images.MaxResizableImageBytes = 5000; o.Images.OversizePolicy = policy; },
            services: s => s.AddSingleton<IWeChatImageResizer>(new FakeImageResizer(TestImages.Png(10, 10))));
        using var stream = new CountingStream(TestImages.Png(10, 10), 50_000_000);

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(stream).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.Equal(limit + 1, stream.BytesRead);
    }

    [Fact]
    public async Task OversizedStreamOfUnknownLength_413SaysMoreThanTheLimit_NotTheBytesRead()
    {
        using var harness = new ContentSecurityHarness();
        using var stream = new CountingStream(TestImages.Png(10, 10), 1_468_006);

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(stream).AsTask());

        Assert.Equal(WeChatInvalidContentReason.TooLarge, exception.Reason);
        Assert.StartsWith("The image is more than 1,048,576 bytes and 10x10 pixels; at most 1,048,576 bytes", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1,048,577", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedSeekableStream_413StatesItsRealSize()
    {
        using var harness = new ContentSecurityHarness();
        var image = TestImages.Png(10, 10, 1_468_006);
        using var stream = new MemoryStream(image);

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(stream).AsTask());

        Assert.StartsWith("The image is 1,468,006 bytes and 10x10 pixels", exception.Message, StringComparison.Ordinal);
    }

    // One byte over the most worth reading, which is what decides between "more than" and the real size.
    [Theory]
    [InlineData(WeChatOversizePolicy.Reject, 1001, "The image is 1,001 bytes and 10x10 pixels; at most 1,000 bytes")]
    [InlineData(WeChatOversizePolicy.SendAnyway, 1001, "The image is 1,001 bytes and 10x10 pixels; at most 1,000 bytes")]
    [InlineData(WeChatOversizePolicy.Resize, 2001, "The image is 2,001 bytes; images over 2,000 bytes are not resized.")]
    public async Task OneByteOverInMemoryOrAsASeekableStream_413StatesTheSameRealSize(WeChatOversizePolicy policy, int size, string expected)
    {
        using var harness = new ContentSecurityHarness(
            o => { o.Images.MaxImageBytes = 1000; o.Images.MaxResizableImageBytes = 2000; o.Images.OversizePolicy = policy; },
            services: s => s.AddSingleton<IWeChatImageResizer>(new FakeImageResizer(TestImages.Png(10, 10))));
        var image = TestImages.Png(10, 10, size);
        using var stream = new MemoryStream(image);

        var fromMemory = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(image).AsTask());
        var fromStream = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.CheckImageAsync(stream).AsTask());

        Assert.StartsWith(expected, fromMemory.Message, StringComparison.Ordinal);
        Assert.Equal(fromStream.Message, fromMemory.Message);
        Assert.Equal(0, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task SmallStream_CheckedWhole()
    {
        using var harness = new ContentSecurityHarness();
        var image = TestImages.Gif(20, 20, 200_000);
        using var stream = new CountingStream(image, image.Length);

        var verdict = await harness.Security.CheckImageAsync(stream);

        Assert.True(verdict.IsPass);
        Assert.Equal(image, Assert.Single(harness.Api.ImageRequests).Content.ToArray());
    }

    [Fact]
    public async Task SeekableStreamAtAPosition_ReadFromThere()
    {
        using var harness = new ContentSecurityHarness();
        var image = TestImages.Png(20, 20);
        using var stream = new MemoryStream([.. new byte[7], .. image]) { Position = 7 };

        await harness.Security.CheckImageAsync(stream);

        Assert.Equal(image, Assert.Single(harness.Api.ImageRequests).Content.ToArray());
    }

    [Fact]
    public async Task CallerReusesItsBufferAfterGivingUp_TheSharedCheckSendsTheOriginalBytes()
    {
        using var harness = new ContentSecurityHarness();
        var gate = FakeWeChatApiClient.NewGate();
        harness.Api.Gate = gate;
        var original = TestImages.Png(10, 10);
        var buffer = original.ToArray();
        using var leaving = new CancellationTokenSource();

        var check = harness.Security.CheckImageAsync(buffer, leaving.Token).AsTask();
        await harness.Api.WaitForCallsAsync(1);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
        Array.Clear(buffer);
        gate.SetResult();

        Assert.Equal(original, Assert.Single(harness.Api.ImageRequests).Content.ToArray());
    }

    public static TheoryData<byte[], WeChatInvalidContentReason, string> RefusedImages => new()
    {
        { "<svg></svg>"u8.ToArray(), WeChatInvalidContentReason.UnsupportedFormat, "The image is not a PNG, JPEG or GIF file; only those formats are accepted." },
        { TestImages.Jpeg(751, 100, totalBytes: 2000), WeChatInvalidContentReason.TooLarge, "The image is 2,000 bytes and 751x100 pixels; at most 1,048,576 bytes and 750x1334 pixels are accepted." },
    };

    [Theory]
    [MemberData(nameof(RefusedImages))]
    public async Task RefusedImage_FailsThroughTheReturnedTask_NotByThrowing(byte[] image, WeChatInvalidContentReason reason, string message)
    {
        using var harness = new ContentSecurityHarness();
        using var stream = new MemoryStream(image);

        // Held before being awaited, as Task.WhenAll holds them: a refusal must not escape the call itself.
        var fromMemory = harness.Security.CheckImageAsync(image);
        var fromStream = harness.Security.CheckImageAsync(stream);
        var ensured = harness.Security.EnsureImageAsync("avatar", image);

        Assert.True(fromMemory.IsFaulted);
        foreach (var pending in new[] { fromMemory.AsTask(), fromStream.AsTask(), ensured.AsTask() })
        {
            var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => pending);
            Assert.Equal(reason, exception.Reason);
            Assert.Equal(message, exception.Message);
        }

        Assert.Equal(0, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task CachedImageVerdict_IsReturnedAlreadyCompleted()
    {
        using var harness = new ContentSecurityHarness();
        var image = TestImages.Png(10, 10);
        await harness.Security.CheckImageAsync(image);

        var pending = harness.Security.CheckImageAsync(image);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.True((await pending).FromCache);
        Assert.Equal(1, harness.Api.ImageCalls);
    }

    [Fact]
    public async Task EnsureImageRisky_RejectedNamingTheField()
    {
        using var harness = new ContentSecurityHarness();
        harness.Api.ImageVerdict = _ => FakeWeChatApiClient.Risky;

        var exception = await Assert.ThrowsAsync<WeChatContentRejectedException>(() => harness.Security.EnsureImageAsync("avatar", TestImages.Png(10, 10)).AsTask());

        Assert.Equal("avatar", exception.Field);
        Assert.Equal(WeChatSuggestion.Risky, exception.Verdict.Suggestion);
    }

    [Fact]
    public async Task EnsureImageInvalid_InvalidContentNamingTheField()
    {
        using var harness = new ContentSecurityHarness();

        var exception = await Assert.ThrowsAsync<WeChatInvalidContentException>(() => harness.Security.EnsureImageAsync("avatar", "GIF"u8.ToArray()).AsTask());

        Assert.Equal(WeChatInvalidContentReason.UnsupportedFormat, exception.Reason);
        Assert.Equal("avatar", exception.Field);
    }
}
