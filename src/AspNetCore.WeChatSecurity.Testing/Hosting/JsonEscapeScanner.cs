using System.Buffers.Text;

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

    private static bool IsHex(ReadOnlySpan<byte> digits) => Utf8Parser.TryParse(digits, out uint _, out var consumed, 'X') && consumed == digits.Length;
}
