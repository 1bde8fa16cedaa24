using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>Source-generated reading of WeChat's answers: case-insensitive, so <c>errmsg</c> and <c>errMsg</c> both bind.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(WeChatResponse))]
internal sealed partial class WeChatJsonContext : JsonSerializerContext;
