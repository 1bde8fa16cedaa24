using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Reads <c>errcode</c>, which decides whether an answer is a verdict: only a whole JSON number counts. A string, a
/// fraction or anything else reads as null, so that <c>{"errcode":"busy"}</c> is an unreadable answer, never a pass.
/// </summary>
internal sealed class StrictInt32Converter : WeChatInt32Converter
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var value) ? value : null;
        }

        reader.Skip();
        return null;
    }
}
