using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The signatures on WeChat's message pushes: hex SHA-1 of the ordinally sorted, concatenated parts. <c>signature</c>
/// covers token, timestamp and nonce; <c>msg_signature</c> adds the ciphertext in safe and compatible modes. Public so
/// that a fake WeChat (the Testing package's emulator, or one of your own) signs pushes as the push endpoint checks them;
/// with <see cref="WeChatPushCipher"/> it is all of the push protocol such a fake needs.
/// </summary>
public static class WeChatPushSignature
{
    private const int Sha1HexLength = 40;

    /// <summary>The <c>signature</c> query value: SHA-1 over the sorted token, timestamp and nonce.</summary>
    /// <param name="token">The push server's Token.</param>
    /// <param name="timestamp">The <c>timestamp</c> query value (Unix seconds).</param>
    /// <param name="nonce">The <c>nonce</c> query value.</param>
    /// <returns>40 lower-case hex digits.</returns>
    public static string Compute(string token, string timestamp, string nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);
        return Hash([token, timestamp, nonce]);
    }

    /// <summary>The <c>msg_signature</c> query value of an encrypted push: SHA-1 over the sorted token, timestamp, nonce and ciphertext.</summary>
    /// <param name="token">The push server's Token.</param>
    /// <param name="timestamp">The <c>timestamp</c> query value.</param>
    /// <param name="nonce">The <c>nonce</c> query value.</param>
    /// <param name="encrypt">The push's <c>Encrypt</c> value.</param>
    /// <returns>40 lower-case hex digits.</returns>
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
    /// rejection takes. Hex case is ignored. Internal: verifying is the push endpoint's job, not a fake WeChat's.
    /// </summary>
    internal static bool Matches(string expected, string? received)
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
