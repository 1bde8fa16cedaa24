using System.Text;
using System.Text.Json.Serialization.Metadata;
using AspNetCore.WeChatSecurity.Testing.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>What the core answers; <see cref="ResetConnection"/> tells a front end to drop the connection instead.</summary>
internal sealed record EmulatorResponse(int StatusCode, string ContentType, byte[] Body, int ErrorCode, bool ResetConnection = false)
{
    // WeChat's own header, "encoding" and all.
    public const string JsonContentType = "application/json; encoding=utf-8";

    public static EmulatorResponse Reset { get; } = new(0, string.Empty, [], 0, ResetConnection: true);

    public static EmulatorResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int errorCode = 0, int statusCode = 200) =>
        new(statusCode, JsonContentType, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), errorCode);

    public static EmulatorResponse Error(int errorCode, string errorMessage, int statusCode = 200) =>
        Json(new ErrorBody(errorCode, errorMessage), EmulatorJsonContext.Wire.ErrorBody, errorCode, statusCode);

    public static EmulatorResponse Text(int statusCode, string contentType, string body) =>
        new(statusCode, contentType, Encoding.UTF8.GetBytes(body), 0);
}
