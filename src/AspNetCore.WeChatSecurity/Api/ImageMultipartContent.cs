using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// The <c>multipart/form-data</c> body of <c>img_sec_check</c>, written by hand because <see cref="MultipartFormDataContent"/>
/// quotes the boundary (<c>boundary="..."</c>), which WeChat answers with 41005, and adds a <c>filename*</c> parameter.
/// The image is written straight from memory, never copied, and the content can be sent again on a retry.
/// </summary>
internal sealed class ImageMultipartContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _image;
    private readonly byte[] _head;
    private readonly byte[] _tail;

    public ImageMultipartContent(ReadOnlyMemory<byte> image, string contentType, string fileName)
    {
        _image = image;
        Boundary = "----WeChatSecurity" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        _head = Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"{SafeFileName(fileName)}\"\r\nContent-Type: {contentType}\r\n\r\n");
        _tail = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");

        // NameValueHeaderValue keeps a token value unquoted; the boundary is letters, digits and dashes only.
        var mediaType = new MediaTypeHeaderValue("multipart/form-data");
        mediaType.Parameters.Add(new NameValueHeaderValue("boundary", Boundary));
        Headers.ContentType = mediaType;
    }

    public string Boundary { get; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_head, cancellationToken);
        await stream.WriteAsync(_image, cancellationToken);
        await stream.WriteAsync(_tail, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _head.Length + _image.Length + _tail.Length;
        return true;
    }

    // A quote, a backslash or a line break in the name would break the part's header; WeChat only needs the extension.
    private static string SafeFileName(string fileName)
    {
        var builder = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            builder.Append(c is '"' or '\\' or '\r' or '\n' || char.IsControl(c) ? '_' : c);
        }

        return builder.Length == 0 ? "image" : builder.ToString();
    }
}
