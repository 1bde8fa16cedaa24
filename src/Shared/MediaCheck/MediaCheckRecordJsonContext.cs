using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The stores keep a record whole as JSON, in this one format, beside what they look records up by. Compiled into each
/// store package from this one file rather than shared from the core package, which would make it a public promise or
/// a hidden API between packages versioned apart.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeChatMediaCheckRecord))]
internal sealed partial class MediaCheckRecordJsonContext : JsonSerializerContext;
