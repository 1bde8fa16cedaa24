using System.Globalization;
using AspNetCore.WeChatSecurity.Verdicts;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// A record's <see cref="WeChatMediaCheckRecord.MediaKey"/> is its verdict key written out (<c>image:v1:s0:{hash}</c>),
/// so that a store keeps a plain string and a verdict pushed after a restart still reaches the verdict cache.
/// </summary>
internal static class MediaKeys
{
    public static string From(VerdictKey key) => key.ToString();

    public static bool TryParse(string text, out VerdictKey key)
    {
        key = default;
        var parts = text.Split(':');
        if (parts.Length != 4 || parts[1] != "v1" || parts[2] != "s0"
            || !UInt128.TryParse(parts[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash))
        {
            return false;
        }

        // Media is an image or audio: a text key names no media.
        if (ContentKindNames.Parse(parts[0]) is not { } kind || kind == ContentKind.Text)
        {
            return false;
        }

        key = new VerdictKey(hash, kind, 1, 0);
        return true;
    }
}
