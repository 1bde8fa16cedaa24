using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>
/// The places for resizes running at once (<see cref="SkiaSharpImageResizerOptions.MaxConcurrentResizes"/>): a burst
/// of uploads waits here, holding only its encoded bytes, instead of decoding all at once.
/// </summary>
internal sealed class ResizeSlots(IOptions<SkiaSharpImageResizerOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentResizes, options.Value.MaxConcurrentResizes);

    /// <summary>The places free now.</summary>
    public int Free => _slots.CurrentCount;

    /// <summary>Waits for a place; dispose the result to give it back.</summary>
    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>A place held until disposed.</summary>
    internal readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
