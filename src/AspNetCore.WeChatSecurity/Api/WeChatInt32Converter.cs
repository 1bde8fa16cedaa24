using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// A number in WeChat's answers that may be missing or malformed, read as null rather than failing the whole answer.
/// The two readings (<see cref="StrictInt32Converter"/>, <see cref="LenientInt32Converter"/>) differ only in what they
/// accept; both write a plain number or null.
/// </summary>
internal abstract class WeChatInt32Converter : JsonConverter<int?>
{
    public sealed override bool HandleNull => true;

    public sealed override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
