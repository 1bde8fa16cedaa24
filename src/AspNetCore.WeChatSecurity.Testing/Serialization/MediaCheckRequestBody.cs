using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed class MediaCheckRequestBody
{
    [JsonPropertyName("media_url")]
    public string? MediaUrl { get; set; }

    [JsonPropertyName("media_type")]
    public int? MediaType { get; set; }

    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("scene")]
    public int? Scene { get; set; }

    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }
}
