using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record TokenBody(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);
