using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Serialization;

[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(TokenBody))]
[JsonSerializable(typeof(StableTokenRequestBody))]
[JsonSerializable(typeof(MsgSecCheckRequestBody))]
[JsonSerializable(typeof(MediaCheckRequestBody))]
[JsonSerializable(typeof(MsgSecCheckV2Body))]
[JsonSerializable(typeof(MediaCheckBody))]
[JsonSerializable(typeof(MediaCheckEventBody))]
[JsonSerializable(typeof(EncryptedEventBody))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
    /// <summary>
    /// WeChat writes raw UTF-8 and leaves null fields out; it reads numbers only as numbers, so a client that quotes
    /// them fails here as it may there.
    /// </summary>
    public static EmulatorJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
