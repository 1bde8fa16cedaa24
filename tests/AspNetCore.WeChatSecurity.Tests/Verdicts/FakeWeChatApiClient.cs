using System.Collections.Concurrent;
using AspNetCore.WeChatSecurity.Api;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

/// <summary>Counts calls, records requests, and can hold every call on a gate until the test opens it.</summary>
internal sealed class FakeWeChatApiClient : IWeChatApiClient, IDisposable
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _started = new(0);
    private int _textCalls;
    private int _imageCalls;
    private int _inFlight;
    private int _maxInFlight;

    public static WeChatVerdict Pass { get; } = new(WeChatSuggestion.Pass, 0, 100, "trace-pass", FromCache: false);

    public static WeChatVerdict Risky { get; } = new(WeChatSuggestion.Risky, 87014, 20001, "trace-risky", FromCache: false);

    public static WeChatVerdict Review { get; } = new(WeChatSuggestion.Review, 0, 21000, "trace-review", FromCache: false);

    public Func<TextCheckRequest, WeChatVerdict> TextVerdict { get; set; } = _ => Pass;

    public Func<ImageCheckRequest, WeChatVerdict> ImageVerdict { get; set; } = _ => Pass;

    /// <summary>While set, every call waits for it to complete; a faulted gate makes the calls fail.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public ConcurrentQueue<TextCheckRequest> TextRequests { get; } = new();

    public ConcurrentQueue<ImageCheckRequest> ImageRequests { get; } = new();

    public int TextCalls => Volatile.Read(ref _textCalls);

    public int ImageCalls => Volatile.Read(ref _imageCalls);

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until <paramref name="count"/> more calls have started.</summary>
    public async Task WaitForCallsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _started.WaitAsync(SafetyTimeout))
            {
                throw new TimeoutException($"Only {i} of {count} expected calls started.");
            }
        }
    }

    public Task<WeChatVerdict> CheckTextAsync(TextCheckRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _textCalls);
        TextRequests.Enqueue(request);
        return RunAsync(() => TextVerdict(request), cancellationToken);
    }

    public Task<WeChatVerdict> CheckImageAsync(ImageCheckRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _imageCalls);
        ImageRequests.Enqueue(request);
        return RunAsync(() => ImageVerdict(request), cancellationToken);
    }

    public void Dispose() => _started.Dispose();

    public Task<MediaCheckSubmission> SubmitMediaCheckAsync(MediaCheckRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    private async Task<WeChatVerdict> RunAsync(Func<WeChatVerdict> verdict, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        _started.Release();
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            return verdict();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
