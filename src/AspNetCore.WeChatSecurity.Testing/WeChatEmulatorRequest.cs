using System.Text;
using AspNetCore.WeChatSecurity.Testing.Hosting;

namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// One request the emulator received. Credentials are redacted: the <c>access_token</c>,
/// <c>cloudbase_access_token</c> and <c>secret</c> query values read <c>***</c>, and token requests keep no body.
/// </summary>
public sealed class WeChatEmulatorRequest
{
    internal WeChatEmulatorRequest(
        WeChatEmulatorEndpoint endpoint,
        string method,
        string path,
        IReadOnlyDictionary<string, string> query,
        string? contentType,
        ReadOnlyMemory<byte> body,
        bool hasUnicodeEscapes,
        MultipartPart? part,
        DateTimeOffset receivedAt,
        int errorCode)
    {
        Endpoint = endpoint;
        Method = method;
        Path = path;
        Query = query;
        ContentType = contentType;
        Body = body;
        HasUnicodeEscapes = hasUnicodeEscapes;
        PartName = part?.Name;
        PartFileName = part?.FileName;
        PartContentType = part?.ContentType;
        PartContent = part?.Content ?? ReadOnlyMemory<byte>.Empty;
        ReceivedAt = receivedAt;
        ErrorCode = errorCode;
    }

    /// <summary>The endpoint the path matched.</summary>
    public WeChatEmulatorEndpoint Endpoint { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path as sent.</summary>
    public string Path { get; }

    /// <summary>The query parameters, credentials redacted.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The request's Content-Type header as sent (quotes and all).</summary>
    public string? ContentType { get; }

    /// <summary>The raw body (empty for token requests, whose body carries the secret).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Whether the raw JSON body contained <c>\uXXXX</c> escapes (System.Text.Json's default for non-ASCII).</summary>
    public bool HasUnicodeEscapes { get; }

    /// <summary>For <c>img_sec_check</c>: the name of the multipart part that was used, or of the first part when none was named <c>media</c>.</summary>
    public string? PartName { get; }

    /// <summary>For <c>img_sec_check</c>: the part's file name.</summary>
    public string? PartFileName { get; }

    /// <summary>For <c>img_sec_check</c>: the part's Content-Type.</summary>
    public string? PartContentType { get; }

    /// <summary>For <c>img_sec_check</c>: the bytes of the <c>media</c> part, the image as WeChat would see it (empty otherwise).</summary>
    public ReadOnlyMemory<byte> PartContent { get; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The errcode the emulator answered (0 for success and for injected HTTP or connection faults).</summary>
    public int ErrorCode { get; }
}
