namespace AspNetCore.WeChatSecurity.Images;

/// <summary>Reads a stream into memory, never more than a limit plus one byte: the extra byte tells that it is over.</summary>
internal static class BoundedStreamReader
{
    private const int InitialBufferSize = 64 * 1024;

    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var max = (int)Math.Min(limit + 1, Array.MaxLength);
        // For a seekable stream, one byte more than what is left lets the end be seen without growing the buffer.
        var initial = stream.CanSeek
            ? (int)Math.Clamp(stream.Length - stream.Position + 1, 1, max)
            : Math.Min(InitialBufferSize, max);
        var buffer = new byte[initial];
        var total = 0;
        while (total < max)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, max));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total, buffer.Length - total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer.AsMemory(0, total);
    }
}
