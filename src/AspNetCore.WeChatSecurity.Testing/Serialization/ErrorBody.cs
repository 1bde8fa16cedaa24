using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record ErrorBody(
    [property: JsonPropertyName("errcode")] int ErrorCode,
    [property: JsonPropertyName("errmsg")] string ErrorMessage);
