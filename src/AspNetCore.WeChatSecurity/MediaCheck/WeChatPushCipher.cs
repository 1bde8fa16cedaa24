using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The AES scheme of WeChat's safe and compatible push modes. The key is Base64(EncodingAESKey + "="): 32 bytes for
/// AES-256-CBC, whose IV is the key's first 16 bytes. The plaintext is 16 random bytes, the message's length (4 bytes,
/// big-endian), the message and the AppId, padded PKCS#7-style to a multiple of 32 bytes (WeChat's block, not AES's,
/// so the padding is done here rather than by the framework). Public so that a fake WeChat (the Testing package's
/// emulator, or one of your own) encrypts pushes exactly as the push endpoint decrypts them.
/// </summary>
public sealed class WeChatPushCipher
{
    /// <summary>The length of an EncodingAESKey as the mini program console issues it.</summary>
    public const int EncodingAesKeyLength = 43;

    private const int KeyLength = 32;
    private const int IvLength = 16;
    private const int RandomLength = 16;
    private const int LengthPrefix = 4;
    private const int PaddingBlock = 32;

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    /// <summary>Creates the cipher of one mini program's push server.</summary>
    /// <param name="encodingAesKey">The 43-character EncodingAESKey from the console.</param>
    /// <param name="appId">The mini program's AppId, which every plaintext ends with.</param>
    /// <exception cref="ArgumentException">The key is not 43 Base64 characters decoding to 32 bytes, or the AppId is empty.</exception>
    public WeChatPushCipher(string encodingAesKey, string appId)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _key = DecodeKey(encodingAesKey);
        _iv = _key[..IvLength];
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    /// <summary>Encrypts <paramref name="message"/> with fresh random bytes, as WeChat does for every push.</summary>
    /// <param name="message">The push's XML or JSON.</param>
    /// <returns>The Base64 ciphertext, the push's <c>Encrypt</c> value.</returns>
    public string Encrypt(string message)
    {
        Span<byte> random = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, random);
    }

    /// <summary>Encrypts with the given 16 leading bytes: deterministic, for known-answer tests.</summary>
    internal string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (random.Length != RandomLength)
        {
            throw new ArgumentException($"Exactly {RandomLength} random bytes are needed.", nameof(random));
        }

        var messageBytes = Encoding.UTF8.GetBytes(message);
        var unpadded = RandomLength + LengthPrefix + messageBytes.Length + _appId.Length;
        var padding = PaddingBlock - (unpadded % PaddingBlock);
        var plain = new byte[unpadded + padding];
        random.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(RandomLength), messageBytes.Length);
        messageBytes.CopyTo(plain.AsSpan(RandomLength + LengthPrefix));
        _appId.CopyTo(plain.AsSpan(RandomLength + LengthPrefix + messageBytes.Length));
        plain.AsSpan(unpadded).Fill((byte)padding);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>
    /// Decrypts a push's <c>Encrypt</c> value and returns the message, for the push endpoint. Throws
    /// <see cref="CryptographicException"/> when the value is not Base64, not whole AES blocks, badly padded, truncated,
    /// or meant for another AppId.
    /// </summary>
    internal string Decrypt(string encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            throw new CryptographicException("The encrypted push is not valid Base64.");
        }

        if (cipher.Length == 0 || cipher.Length % IvLength != 0)
        {
            throw new CryptographicException("The encrypted push is not a whole number of AES blocks.");
        }

        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);

        var padding = plain[^1];
        if (padding is 0 or > PaddingBlock || padding > plain.Length || plain.AsSpan(plain.Length - padding).ContainsAnyExcept(padding))
        {
            throw new CryptographicException("The decrypted push has invalid padding: wrong key or tampered ciphertext.");
        }

        var content = plain.AsSpan(0, plain.Length - padding);
        if (content.Length < RandomLength + LengthPrefix)
        {
            throw new CryptographicException("The decrypted push is too short to hold a message.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(content.Slice(RandomLength, LengthPrefix));
        var rest = content[(RandomLength + LengthPrefix)..];
        if (length < 0 || length > rest.Length)
        {
            throw new CryptographicException("The decrypted push declares a message longer than it holds.");
        }

        if (!rest[length..].SequenceEqual(_appId))
        {
            throw new CryptographicException("The decrypted push was encrypted for a different AppId.");
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(rest[..length]);
        }
        catch (DecoderFallbackException)
        {
            throw new CryptographicException("The decrypted push is not valid UTF-8.");
        }
    }

    private static byte[] DecodeKey(string encodingAesKey)
    {
        const string Message = "The EncodingAESKey must be 43 Base64 characters that decode to 32 bytes.";
        if (encodingAesKey.Length != EncodingAesKeyLength)
        {
            throw new ArgumentException(Message, nameof(encodingAesKey));
        }

        var key = new byte[KeyLength + 1];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != KeyLength)
        {
            throw new ArgumentException(Message, nameof(encodingAesKey));
        }

        return key[..KeyLength];
    }
}
