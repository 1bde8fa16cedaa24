using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Writes request bodies with strings as raw UTF-8. System.Text.Json's encoders escape every non-ASCII character
/// (and, even when relaxed, every character outside the Basic Multilingual Plane) as <c>\uXXXX</c>, and some WeChat
/// endpoints have failed to check escaped Chinese text. Only what JSON requires is escaped here: the quote, the
/// backslash and control characters. A lone surrogate has no UTF-8 form and becomes U+FFFD, as UTF-8 encoding does.
/// </summary>
internal static class WeChatJsonWriter
{
    public static void WriteString(Utf8JsonWriter writer, string propertyName, string value)
    {
        writer.WritePropertyName(propertyName);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length) + (value.Length * 6) + 2;
        var rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            var length = Encode(value, rented);
            writer.WriteRawValue(rented.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Encode(string value, Span<byte> destination)
    {
        var position = 0;
        destination[position++] = (byte)'"';
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when c < 0x20 => null,
                _ when char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) => SkipPair(ref i),
                _ when char.IsSurrogate(c) => "\uFFFD",
                _ => string.Empty,
            };

            if (escape is { Length: 0 })
            {
                continue;
            }

            position += Encoding.UTF8.GetBytes(value.AsSpan(runStart, i - runStart), destination[position..]);
            if (escape is null)
            {
                position += Encoding.ASCII.GetBytes("\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture), destination[position..]);
            }
            else
            {
                position += Encoding.UTF8.GetBytes(escape, destination[position..]);
            }

            runStart = i + 1;
        }

        position += Encoding.UTF8.GetBytes(value.AsSpan(runStart), destination[position..]);
        destination[position++] = (byte)'"';
        return position;
    }

    // A valid surrogate pair is copied as is (4 UTF-8 bytes); the marker string tells the loop not to escape it.
    private static string SkipPair(ref int index)
    {
        index++;
        return string.Empty;
    }
}
