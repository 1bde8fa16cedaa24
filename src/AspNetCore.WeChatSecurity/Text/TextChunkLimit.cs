namespace AspNetCore.WeChatSecurity.Text;

/// <summary>How much text one <c>msg_sec_check</c> call takes: v1 counts UTF-8 bytes, v2 counts characters.</summary>
/// <param name="MaxUnits">The most bytes (v1) or UTF-16 characters (v2) in one chunk.</param>
/// <param name="CountsUtf8Bytes">True when <paramref name="MaxUnits"/> counts UTF-8 bytes.</param>
internal readonly record struct TextChunkLimit(int MaxUnits, bool CountsUtf8Bytes)
{
    // v1 takes 500 KB; the margin leaves room for the bytes JSON escaping adds to quotes, backslashes and control characters.
    private const int V1SafetyMarginBytes = 1024;

    /// <summary>v1: 500 KB of UTF-8, less a safety margin.</summary>
    public static TextChunkLimit V1 { get; } = new((500 * 1024) - V1SafetyMarginBytes, CountsUtf8Bytes: true);

    /// <summary>
    /// v2: 2500 characters. Counting UTF-16 code units counts a character outside the BMP twice, which errs on the
    /// safe side whichever way WeChat counts.
    /// </summary>
    public static TextChunkLimit V2 { get; } = new(2500, CountsUtf8Bytes: false);

    public static TextChunkLimit ForVersion(int version) => version == 2 ? V2 : V1;
}
