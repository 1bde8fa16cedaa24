namespace AspNetCore.WeChatSecurity.Tests.Images;

/// <summary>Resizes to a fixed result once released, saying when it was asked.</summary>
internal sealed class GatedImageResizer(byte[] result) : IWeChatImageResizer
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int MaxWidth { get; private set; }

    public async ValueTask<ReadOnlyMemory<byte>> ResizeAsync(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken)
    {
        MaxWidth = maxWidth;
        Entered.TrySetResult();
        await Release.Task.WaitAsync(cancellationToken);
        return result;
    }
}
