using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record ResultBody(
    [property: JsonPropertyName("suggest")] string Suggest,
    [property: JsonPropertyName("label")] int Label);
