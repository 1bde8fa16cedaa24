using System.Collections.Concurrent;
using System.Text;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

/// <summary>
/// A hand-written <see cref="IWeChatContentSecurity"/> for the filter tests. Text containing "V2RISKY" is risky with a
/// v2 label, "REVIEW" is review, "RISKY" is risky (v1), "TOOLONG" is 413; images whose bytes contain "RISKY" are
/// risky, start with "BIG" are 413, with "TXT" are 415, and empty images are 400.
/// </summary>
public sealed class ScriptedContentSecurity : IWeChatContentSecurity
{
    private TaskCompletionSource? _gate;
    private int _gateCount;
    private int _gateExpected;

    public ConcurrentQueue<(string Text, WeChatCheckContext? Context)> TextChecks { get; } = new();

    public ConcurrentQueue<byte[]> ImageChecks { get; } = new();

    /// <summary>Thrown by every text check when set.</summary>
    public Exception? TextException { get; set; }

    /// <summary>Every check completes with a null verdict when set, as a faulty replacement of the service might.</summary>
    public bool NullVerdicts { get; set; }

    /// <summary>Every check completes after yielding when set, so that its caller meets a task that is not complete yet.</summary>
    public bool AnswerLater { get; set; }

    /// <summary>Makes every check wait until <paramref name="expected"/> checks are in flight at once.</summary>
    public void RequireConcurrentCalls(int expected)
    {
        _gateExpected = expected;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask<WeChatVerdict> CheckTextAsync(string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        TextChecks.Enqueue((text, context));
        await PassGateAsync();
        if (AnswerLater)
        {
            await Task.Yield();
        }

        if (NullVerdicts)
        {
            return null!;
        }

        if (TextException is not null)
        {
            throw TextException;
        }

        if (text.Contains("TOOLONG", StringComparison.Ordinal))
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, "The text is longer than 100000 characters.");
        }

        return TextVerdict(text);
    }

    public ValueTask<WeChatVerdict> CheckImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        var bytes = image.ToArray();
        ImageChecks.Enqueue(bytes);
        if (NullVerdicts)
        {
            return ValueTask.FromResult<WeChatVerdict>(null!);
        }

        var content = Encoding.ASCII.GetString(bytes);
        if (bytes.Length == 0)
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.Unreadable, "The image is empty.");
        }

        if (content.StartsWith("BIG", StringComparison.Ordinal))
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, "The image is larger than 1048576 bytes.");
        }

        if (content.StartsWith("TXT", StringComparison.Ordinal))
        {
            throw new WeChatInvalidContentException(WeChatInvalidContentReason.UnsupportedFormat, "The image is not PNG, JPEG or GIF.");
        }

        return ValueTask.FromResult(content.Contains("RISKY", StringComparison.Ordinal)
            ? new WeChatVerdict(WeChatSuggestion.Risky, 87014, null, null, false)
            : new WeChatVerdict(WeChatSuggestion.Pass, 0, null, null, false));
    }

    public async ValueTask<WeChatVerdict> CheckImageAsync(Stream image, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, cancellationToken);
        return await CheckImageAsync(buffer.ToArray(), cancellationToken);
    }

    public async ValueTask<WeChatVerdict> EnsureTextAsync(string field, string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        var verdict = await CheckTextAsync(text, context, cancellationToken);
        return verdict.IsPass ? verdict : throw new WeChatContentRejectedException(field, verdict);
    }

    public async ValueTask<WeChatVerdict> EnsureImageAsync(string field, ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        var verdict = await CheckImageAsync(image, cancellationToken);
        return verdict.IsPass ? verdict : throw new WeChatContentRejectedException(field, verdict);
    }

    private static WeChatVerdict TextVerdict(string text)
    {
        if (text.Contains("V2RISKY", StringComparison.Ordinal))
        {
            return new WeChatVerdict(WeChatSuggestion.Risky, 87014, 20001, "wx-trace-risky", false);
        }

        if (text.Contains("REVIEW", StringComparison.Ordinal))
        {
            return new WeChatVerdict(WeChatSuggestion.Review, 0, 10001, "wx-trace-review", false);
        }

        return text.Contains("RISKY", StringComparison.Ordinal)
            ? new WeChatVerdict(WeChatSuggestion.Risky, 87014, null, null, false)
            : new WeChatVerdict(WeChatSuggestion.Pass, 0, null, null, false);
    }

    private async Task PassGateAsync()
    {
        if (_gate is not { } gate)
        {
            return;
        }

        if (Interlocked.Increment(ref _gateCount) >= _gateExpected)
        {
            gate.TrySetResult();
        }

        // A failure guard, not synchronisation: checks run one after another never open the gate.
        await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
