using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>Builds the JSON bodies WeChat expects, strings as raw UTF-8 (see <see cref="WeChatJsonWriter"/>).</summary>
internal static class WeChatRequestBodies
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public static ByteArrayContent TextCheck(TextCheckRequest request) => Json(writer =>
    {
        WeChatJsonWriter.WriteString(writer, "content", request.Content);
        if (request.Version >= 2)
        {
            writer.WriteNumber("version", 2);
            writer.WriteNumber("scene", (int)request.Scene);
            WeChatJsonWriter.WriteString(writer, "openid", request.OpenId ?? string.Empty);
            WriteOptional(writer, "title", request.Title);
            WriteOptional(writer, "nickname", request.Nickname);
            WriteOptional(writer, "signature", request.Signature);
        }
    });

    public static ByteArrayContent MediaCheck(MediaCheckRequest request) => Json(writer =>
    {
        WeChatJsonWriter.WriteString(writer, "media_url", request.MediaUrl.AbsoluteUri);
        writer.WriteNumber("media_type", (int)request.MediaType);
        if (request.Version >= 2)
        {
            writer.WriteNumber("version", 2);
            writer.WriteNumber("scene", (int)request.Scene);
            WeChatJsonWriter.WriteString(writer, "openid", request.OpenId ?? string.Empty);
        }
    });

    public static ByteArrayContent StableToken(string appId, string appSecret, bool forceRefresh) => Json(writer =>
    {
        writer.WriteString("grant_type", "client_credential");
        WeChatJsonWriter.WriteString(writer, "appid", appId);
        WeChatJsonWriter.WriteString(writer, "secret", appSecret);
        writer.WriteBoolean("force_refresh", forceRefresh);
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            WeChatJsonWriter.WriteString(writer, name, value);
        }
    }

    private static ByteArrayContent Json(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = JsonContentType;
        return content;
    }
}
