using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Every field any of the endpoints answer with. WeChat leaves fields out freely and spells <c>errmsg</c> both ways,
/// so everything is optional and names are matched case-insensitively.
/// </summary>
internal sealed class WeChatResponse
{
    /// <summary>WeChat's errcode when it sent one as a whole number; null when it is missing or anything else.</summary>
    [JsonPropertyName("errcode")]
    [JsonConverter(typeof(StrictInt32Converter))]
    public int? ErrCode { get; set; }

    [JsonPropertyName("errmsg")]
    public string? ErrMsg { get; set; }

    [JsonPropertyName("trace_id")]
    public string? TraceId { get; set; }

    [JsonPropertyName("result")]
    public WeChatResponseResult? Result { get; set; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ExpiresIn { get; set; }
}
