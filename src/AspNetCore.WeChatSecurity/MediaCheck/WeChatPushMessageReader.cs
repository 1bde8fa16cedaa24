using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Reads a push body in either of WeChat's formats. XML is read with DTDs prohibited and no resolver, so an entity
/// trick in a forged push cannot read files or expand without bound.
/// </summary>
internal static class WeChatPushMessageReader
{
    private const int MaxDepth = 8;

    public static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    /// <exception cref="FormatException">The body is neither well-formed XML nor a JSON object.</exception>
    public static WeChatPushMessage Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            return LooksLikeJson(body.Span) ? ReadJson(body) : ReadXml(body);
        }
        // System.Text.Json parses a string holding an escaped lone surrogate ("\ud800") and throws
        // InvalidOperationException only when it is read: that JSON is as unreadable as a malformed one.
        catch (Exception exception) when (exception is JsonException or XmlException or InvalidOperationException)
        {
            throw new FormatException("The push body is neither well-formed XML nor a JSON object.", exception);
        }
    }

    private static WeChatPushMessage ReadJson(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The push body is JSON but not an object.");
        }

        var message = new WeChatPushMessage();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && property.NameEquals("result"))
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    message.Result[inner.Name] = JsonText(inner.Value);
                }
            }
            else if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                message.Fields[property.Name] = JsonText(property.Value);
            }
        }

        return message;
    }

    private static string JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        _ => string.Empty,
    };

    private static WeChatPushMessage ReadXml(ReadOnlyMemory<byte> body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = body.Length * 4L,
        };
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, settings);
        var root = XDocument.Load(reader).Root ?? throw new FormatException("The push body has no XML root element.");
        var message = new WeChatPushMessage();
        foreach (var element in root.Elements())
        {
            var name = element.Name.LocalName;
            if (name.Equals("result", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var inner in element.Elements())
                {
                    message.Result[inner.Name.LocalName] = inner.Value.Trim();
                }
            }
            else if (!element.HasElements)
            {
                message.Fields[name] = element.Value.Trim();
            }
        }

        return message;
    }

    /// <summary>
    /// A 32-bit number, signed or as WeChat sometimes writes a negative code, unsigned (4294966288 is -1008); null for
    /// anything else, so that a value past 32 bits never wraps round to another one (4294967296 to 0, "ok").
    /// </summary>
    public static int? Int(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= int.MinValue and <= uint.MaxValue
            ? unchecked((int)value)
            : null;
}
