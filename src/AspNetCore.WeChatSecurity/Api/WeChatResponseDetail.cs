using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>One strategy's finding in a v2 verdict.</summary>
internal sealed class WeChatResponseDetail
{
    [JsonPropertyName("strategy")]
    public string? Strategy { get; set; }

    [JsonPropertyName("errcode")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ErrCode { get; set; }

    [JsonPropertyName("suggest")]
    public string? Suggest { get; set; }

    [JsonPropertyName("label")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Label { get; set; }

    [JsonPropertyName("keyword")]
    public string? Keyword { get; set; }

    [JsonPropertyName("prob")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Prob { get; set; }

    [JsonPropertyName("level")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Level { get; set; }
}
