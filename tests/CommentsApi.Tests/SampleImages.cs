using System.Buffers.Binary;

namespace CommentsApi.Tests;

/// <summary>Images the sample's avatar endpoint is sent.</summary>
internal static class SampleImages
{
    /// <summary>A PNG signature and IHDR chunk, then zero padding up to <paramref name="totalBytes"/>: enough for the sniffer.</summary>
    public static byte[] Png(int width, int height, int totalBytes)
    {
        var bytes = new byte[Math.Max(totalBytes, 33)];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), (uint)height);
        bytes[24] = 8;
        bytes[25] = 6;
        return bytes;
    }

    public static MultipartFormDataContent Upload(string field, string fileName, byte[] content, string contentType = "image/png")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, field, fileName } };
    }
}
