using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Redis.Verdicts;

[JsonSerializable(typeof(WeChatCachedVerdict))]
internal sealed partial class RedisVerdictJsonContext : JsonSerializerContext;
