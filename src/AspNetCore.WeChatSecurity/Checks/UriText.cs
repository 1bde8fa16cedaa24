using System.Globalization;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// The text a check reads in a bound <see cref="Uri"/>: a link the client sent, which an app shows as it shows any
/// string it stores.
/// </summary>
internal static class UriText
{
    /// <summary>
    /// The link as the client wrote it (<see cref="Uri.OriginalString"/>), its percent-escapes decoded: an app shows a
    /// link through <see cref="Uri.ToString"/>, which decodes <c>%E6%95%8F</c> to the letter it spells, and WeChat would
    /// find no word in the escapes. A host written in punycode (<c>xn--fiqs8s.com</c>) follows in the letters it encodes
    /// (<c>中国.com</c>), as a browser's address bar shows it. A link with neither is its original string itself, with
    /// nothing allocated. The same link always gives the same text, so that its verdict is cached like a string's.
    /// </summary>
    public static string? Of(Uri? uri)
    {
        if (uri?.OriginalString is not { } original)
        {
            return null;
        }

        var shown = original.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(original) : original;
        return UnicodeHost(uri) is { } host ? string.Concat(shown, " ", host) : shown;
    }

    private static string? UnicodeHost(Uri uri)
    {
        // Host is the host as written (a host written in letters stays letters; IdnHost would give any such host as punycode).
        if (!uri.IsAbsoluteUri || !uri.Host.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            // An instance's members are not promised to be thread-safe, and a punycode host is rare: one per link.
            var unicode = new IdnMapping().GetUnicode(uri.Host);
            return string.Equals(unicode, uri.Host, StringComparison.OrdinalIgnoreCase) ? null : unicode;
        }
        catch (ArgumentException)
        {
            // Not valid punycode: no browser shows it as letters either, and the host as written is in the text already.
            return null;
        }
    }
}
