using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record MediaCheckBody(
    [property: JsonPropertyName("errcode")] int ErrorCode,
    [property: JsonPropertyName("errmsg")] string ErrorMessage,
    [property: JsonPropertyName("trace_id")] string TraceId);
