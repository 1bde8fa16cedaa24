using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Sqlite;

/// <summary>The record is stored whole as JSON; the columns beside it are only what the store looks records up by.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeChatMediaCheckRecord))]
internal sealed partial class MediaCheckRecordJsonContext : JsonSerializerContext
{
}
