using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using AspNetCore.WeChatSecurity.Testing.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Push;

/// <summary>
/// Writes the <c>wxa_media_check</c> event as WeChat does: XML with CDATA strings (v2's <c>result</c> nested, one
/// <c>detail</c> element per strategy) or JSON; in safe mode only <c>ToUserName</c> and <c>Encrypt</c>.
/// </summary>
internal static class PushMessageBuilder
{
    public static string Write(MediaCheckEventBody message, WeChatEmulatorPushFormat format) =>
        format == WeChatEmulatorPushFormat.Json
            ? JsonSerializer.Serialize(message, EmulatorJsonContext.Wire.MediaCheckEventBody)
            : ToXml(message).ToString(SaveOptions.DisableFormatting);

    public static string WriteSafe(string toUserName, string encrypt, WeChatEmulatorPushFormat format) =>
        format == WeChatEmulatorPushFormat.Json
            ? JsonSerializer.Serialize(new EncryptedEventBody(toUserName, encrypt), EmulatorJsonContext.Wire.EncryptedEventBody)
            : new XElement("xml", Cdata("ToUserName", toUserName), Cdata("Encrypt", encrypt)).ToString(SaveOptions.DisableFormatting);

    private static XElement ToXml(MediaCheckEventBody message)
    {
        var xml = new XElement(
            "xml",
            Cdata("ToUserName", message.ToUserName),
            Cdata("FromUserName", message.FromUserName),
            Number("CreateTime", message.CreateTime),
            Cdata("MsgType", message.MsgType),
            Cdata("Event", message.Event),
            Cdata("appid", message.AppId),
            Cdata("trace_id", message.TraceId));

        if (message.IsRisky is { } isRisky)
        {
            xml.Add(Number("isrisky", isRisky), Cdata("extra_info_json", message.ExtraInfoJson ?? string.Empty), Number("status_code", message.StatusCode ?? 0));
        }

        if (message.Version is { } version)
        {
            xml.Add(Number("version", version), Number("errcode", message.ErrorCode ?? 0), Cdata("errmsg", message.ErrorMessage ?? string.Empty));
            if (message.Result is { } result)
            {
                xml.Add(new XElement("result", Cdata("suggest", result.Suggest), Number("label", result.Label)));
            }

            foreach (var detail in message.Detail ?? [])
            {
                var element = new XElement(
                    "detail",
                    Cdata("strategy", detail.Strategy),
                    Number("errcode", detail.ErrorCode),
                    Cdata("suggest", detail.Suggest),
                    Number("label", detail.Label));
                if (detail.Keyword is not null)
                {
                    element.Add(Cdata("keyword", detail.Keyword));
                }

                if (detail.Probability is { } probability)
                {
                    element.Add(Number("prob", probability));
                }

                if (detail.Level is { } level)
                {
                    element.Add(Number("level", level));
                }

                xml.Add(element);
            }
        }

        if (message.Encrypt is not null)
        {
            xml.Add(Cdata("Encrypt", message.Encrypt));
        }

        return xml;
    }

    private static XElement Cdata(string name, string value) => new(name, new XCData(value));

    private static XElement Number(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));
}
