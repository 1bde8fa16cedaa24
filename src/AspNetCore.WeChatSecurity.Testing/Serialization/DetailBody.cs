using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed record DetailBody(
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("errcode")] int ErrorCode,
    [property: JsonPropertyName("suggest")] string Suggest,
    [property: JsonPropertyName("label")] int Label,
    [property: JsonPropertyName("keyword")] string? Keyword = null,
    [property: JsonPropertyName("prob")] int? Probability = null,
    [property: JsonPropertyName("level")] int? Level = null);
