using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Redis.MediaCheck;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeChatMediaCheckRecord))]
internal sealed partial class RedisMediaCheckJsonContext : JsonSerializerContext;
