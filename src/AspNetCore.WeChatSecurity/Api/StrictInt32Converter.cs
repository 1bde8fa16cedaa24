using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Reads <c>errcode</c>, which decides whether an answer is a verdict: only a whole JSON number counts. A string, a
/// fraction or anything else reads as null, so that <c>{"errcode":"busy"}</c> is an unreadable answer, never a pass.
/// </summary>
internal sealed class StrictInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var value) ? value : null;
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
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
