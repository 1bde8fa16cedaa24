using System.Globalization;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Reads a number that WeChat may send as a number, a numeric string or a fraction (an SDK that typed <c>label</c> as
/// one of these broke when WeChat sent the other). Anything else reads as null instead of failing the whole verdict.
/// </summary>
internal sealed class LenientInt32Converter : WeChatInt32Converter
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var whole))
                {
                    return whole;
                }

                if (reader.TryGetInt64(out var wide))
                {
                    // 4294966288 is -1008 read as unsigned 32 bits (media push status_code).
                    return unchecked((int)wide);
                }

                return reader.TryGetDouble(out var fraction) && double.IsFinite(fraction) && Math.Abs(fraction) <= int.MaxValue
                    ? (int)Math.Round(fraction)
                    : null;
            case JsonTokenType.String:
                var text = reader.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return unchecked((int)parsed);
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedFraction) && double.IsFinite(parsedFraction) && Math.Abs(parsedFraction) <= int.MaxValue
                    ? (int)Math.Round(parsedFraction)
                    : null;
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }
}
