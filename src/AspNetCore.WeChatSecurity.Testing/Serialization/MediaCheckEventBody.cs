using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

/// <summary>The <c>wxa_media_check</c> event; the v1 fields or the v2 fields are null, and null fields are left out.</summary>
internal sealed record MediaCheckEventBody
{
    public required string ToUserName { get; init; }

    public required string FromUserName { get; init; }

    public required long CreateTime { get; init; }

    public string MsgType { get; init; } = "event";

    public string Event { get; init; } = "wxa_media_check";

    [JsonPropertyName("appid")]
    public required string AppId { get; init; }

    [JsonPropertyName("trace_id")]
    public required string TraceId { get; init; }

    [JsonPropertyName("isrisky")]
    public int? IsRisky { get; init; }

    [JsonPropertyName("extra_info_json")]
    public string? ExtraInfoJson { get; init; }

    [JsonPropertyName("status_code")]
    public long? StatusCode { get; init; }

    [JsonPropertyName("version")]
    public int? Version { get; init; }

    [JsonPropertyName("errcode")]
    public int? ErrorCode { get; init; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("result")]
    public ResultBody? Result { get; init; }

    [JsonPropertyName("detail")]
    public IReadOnlyList<DetailBody>? Detail { get; init; }

    /// <summary>The ciphertext, in compatible mode only.</summary>
    public string? Encrypt { get; init; }
}
