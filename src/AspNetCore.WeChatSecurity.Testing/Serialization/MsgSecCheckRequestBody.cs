using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

internal sealed class MsgSecCheckRequestBody
{
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("scene")]
    public int? Scene { get; set; }

    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("nickname")]
    public string? Nickname { get; set; }

    [JsonPropertyName("signature")]
    public string? Signature { get; set; }
}
