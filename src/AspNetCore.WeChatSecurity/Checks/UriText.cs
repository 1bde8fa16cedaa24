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
    /// find no word in the escapes. A link without escapes is its original string itself, with nothing allocated. The
    /// same link always gives the same text, so that its verdict is cached like a string's.
    /// </summary>
    public static string? Of(Uri? uri) =>
        uri?.OriginalString is not { } original ? null
            : original.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(original)
            : original;
}
