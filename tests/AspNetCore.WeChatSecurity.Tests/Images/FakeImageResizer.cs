namespace AspNetCore.WeChatSecurity.Tests.Images;

/// <summary>Returns a fixed result and records how it was asked.</summary>
internal sealed class FakeImageResizer(byte[] result) : IWeChatImageResizer
{
    public int Calls { get; private set; }

    public (int Length, int MaxWidth, int MaxHeight, long MaxBytes) LastRequest { get; private set; }

    public ValueTask<ReadOnlyMemory<byte>> ResizeAsync(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken)
    {
        Calls++;
        LastRequest = (image.Length, maxWidth, maxHeight, maxBytes);
        return ValueTask.FromResult<ReadOnlyMemory<byte>>(result);
    }
}
