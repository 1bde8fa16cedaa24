using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record MsgSecCheckV2Body(
    [property: JsonPropertyName("errcode")] int ErrorCode,
    [property: JsonPropertyName("errmsg")] string ErrorMessage,
    [property: JsonPropertyName("result")] ResultBody Result,
    [property: JsonPropertyName("detail")] IReadOnlyList<DetailBody> Detail,
    [property: JsonPropertyName("trace_id")] string TraceId);
