using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>Finds <c>\uXXXX</c> escapes in raw JSON, minding that <c>\\u0041</c> is an escaped backslash followed by text.</summary>
internal static class JsonEscapeScanner
{
    public static bool HasUnicodeEscape(ReadOnlySpan<byte> json)
    {
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\')
            {
                continue;
            }

            if (i + 1 < json.Length && json[i + 1] == (byte)'u' && i + 5 < json.Length && IsHex(json.Slice(i + 2, 4)))
            {
                return true;
            }

            // Skip the escaped character, so the second backslash of "\\" never starts an escape.
            i++;
        }

        return false;
    }

    /// <summary>
    /// The string properties of a JSON object as WeChat has been seen to read them when they hold <c>\uXXXX</c>
    /// escapes: undecoded, escapes and all, so that escaped words are not recognised. Null when the body is not such
    /// an object.
    /// </summary>
    public static Dictionary<string, string>? UndecodedStrings(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    values[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                }
                else
                {
                    reader.Skip();
                }
            }

            return values;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> digits) => Utf8Parser.TryParse(digits, out uint _, out var consumed, 'X') && consumed == digits.Length;
}
