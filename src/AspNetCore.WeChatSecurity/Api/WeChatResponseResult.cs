using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>v2's overall verdict.</summary>
internal sealed class WeChatResponseResult
{
    [JsonPropertyName("suggest")]
    public string? Suggest { get; set; }

    [JsonPropertyName("label")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Label { get; set; }
}
