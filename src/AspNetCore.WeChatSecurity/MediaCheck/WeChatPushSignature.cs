using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The signatures on WeChat's message pushes: hex SHA-1 of the ordinally sorted, concatenated parts. <c>signature</c>
/// covers token, timestamp and nonce; <c>msg_signature</c> adds the ciphertext in safe and compatible modes.
/// </summary>
internal static class WeChatPushSignature
{
    private const int Sha1HexLength = 40;

    public static string Compute(string token, string timestamp, string nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);
        return Hash([token, timestamp, nonce]);
    }

    public static string ComputeMessageSignature(string token, string timestamp, string nonce, string encrypt)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(encrypt);
        return Hash([token, timestamp, nonce, encrypt]);
    }

    /// <summary>
    /// Compares a received signature with the expected one in constant time, so a forger learns nothing from how long a
    /// rejection takes. Hex case is ignored.
    /// </summary>
    public static bool Matches(string expected, string? received)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (received is null || received.Length != Sha1HexLength || expected.Length != Sha1HexLength)
        {
            return false;
        }

        Span<byte> left = stackalloc byte[Sha1HexLength];
        Span<byte> right = stackalloc byte[Sha1HexLength];
        for (var i = 0; i < Sha1HexLength; i++)
        {
            left[i] = LowerAscii(expected[i]);
            right[i] = LowerAscii(received[i]);
        }

        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    private static byte LowerAscii(char c) => c switch
    {
        >= 'A' and <= 'Z' => (byte)(c + ('a' - 'A')),
        <= '\u007F' => (byte)c,
        _ => 0xFF,
    };

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "WeChat's push protocol defines its signatures as SHA-1.")]
    private static string Hash(string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(string.Concat(parts));
        return Convert.ToHexStringLower(SHA1.HashData(bytes));
    }
}
