using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class WeChatPushCipherTests
{
    // WeChat's published interoperability fixture (WXBizMsgCryptTest in its official crypto demo); not live credentials.
    private const string OfficialKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string OfficialAppId = "wxb11529c136998cb6";
    private const string OfficialMessage = "我是中文abcd123";
    private const string OfficialCiphertext = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==";

    [Fact]
    public void OfficialFixture_EncryptsToPublishedCiphertext()
    {
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);

        var encrypted = cipher.Encrypt(OfficialMessage, "aaaabbbbccccdddd"u8);

        Assert.Equal(OfficialCiphertext, encrypted);
    }

    [Fact]
    public void OfficialFixture_DecryptsToPublishedMessage()
    {
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);

        Assert.Equal(OfficialMessage, cipher.Decrypt(OfficialCiphertext));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("<xml><Event><![CDATA[wxa_media_check]]></Event></xml>")]
    [InlineData("{\"isrisky\":1,\"trace_id\":\"60f96f1d-3845297a-1976a3ff\",\"text\":\"特3456书\"}")]
    public void RandomBytes_RoundTrip(string message)
    {
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);

        var first = cipher.Encrypt(message);
        var second = cipher.Encrypt(message);

        Assert.NotEqual(first, second);
        Assert.Equal(message, cipher.Decrypt(first));
        Assert.Equal(0, Convert.FromBase64String(first).Length % 32);
    }

    [Fact]
    public void MessageFillingWholeBlocks_GetsAFullPaddingBlock()
    {
        var cipher = new WeChatPushCipher(OfficialKey, "wx0123456789abcdef");
        var message = new string('m', 64 - 16 - 4 - "wx0123456789abcdef".Length);

        var encrypted = Convert.FromBase64String(cipher.Encrypt(message));

        Assert.Equal(96, encrypted.Length);
        Assert.Equal(message, cipher.Decrypt(Convert.ToBase64String(encrypted)));
    }

    [Fact]
    public void OtherAppId_IsRejected()
    {
        var encrypted = new WeChatPushCipher(OfficialKey, "wxaaaaaaaaaaaaaaaa").Encrypt("hello");
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);

        var error = Assert.Throws<CryptographicException>(() => cipher.Decrypt(encrypted));
        Assert.Contains("AppId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherKey_IsRejected()
    {
        var encrypted = new WeChatPushCipher(OfficialKey, OfficialAppId).Encrypt("hello");
        var otherKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
        var cipher = new WeChatPushCipher(otherKey, OfficialAppId);

        var error = Assert.Throws<CryptographicException>(() => cipher.Decrypt(encrypted));
        Assert.DoesNotContain(otherKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OfficialKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlippedCiphertextByte_IsRejected()
    {
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);
        var bytes = Convert.FromBase64String(cipher.Encrypt("a message long enough to span blocks"));
        bytes[^1] ^= 0x01;

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void FlippedMiddleBlockByte_IsRejected()
    {
        // CBC has no integrity of its own (msg_signature gives that): a flipped byte in the second block garbles the
        // length and message and flips a byte of the AppId, and the structural checks must catch it.
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);
        var bytes = Convert.FromBase64String(cipher.Encrypt("hello"));
        bytes[19] ^= 0x40;

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(Convert.ToBase64String(bytes)));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    [InlineData("AAAA")]
    public void MalformedCiphertext_IsRejected(string encrypted)
    {
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);

        Assert.Throws<CryptographicException>(() => cipher.Decrypt(encrypted));
    }

    [Fact]
    public void ForgedPlaintextWithBadPadding_IsRejected()
    {
        var key = Convert.FromBase64String(OfficialKey + "=");
        var plain = new byte[64];
        plain[^1] = 33;
        using var aes = Aes.Create();
        aes.Key = key;
        var forged = Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));

        var error = Assert.Throws<CryptographicException>(() => new WeChatPushCipher(OfficialKey, OfficialAppId).Decrypt(forged));
        Assert.Contains("padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForgedPlaintextWithOverlongLength_IsRejected()
    {
        var key = Convert.FromBase64String(OfficialKey + "=");
        var plain = new byte[64];
        plain[16] = 0x7F;
        plain.AsSpan(32).Fill(32);
        using var aes = Aes.Create();
        aes.Key = key;
        var forged = Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));

        Assert.Throws<CryptographicException>(() => new WeChatPushCipher(OfficialKey, OfficialAppId).Decrypt(forged));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    public void InvalidEncodingAesKey_IsRejectedWithoutEchoingIt(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new WeChatPushCipher(key, OfficialAppId));

        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plaintext_HasRandomPrefixBigEndianLengthMessageAndAppId()
    {
        var key = Convert.FromBase64String(OfficialKey + "=");
        var cipher = new WeChatPushCipher(OfficialKey, OfficialAppId);
        var encrypted = Convert.FromBase64String(cipher.Encrypt("hi", "0123456789abcdef"u8));
        using var aes = Aes.Create();
        aes.Key = key;

        var plain = aes.DecryptCbc(encrypted, key.AsSpan(0, 16), PaddingMode.None);

        Assert.Equal("0123456789abcdef"u8.ToArray(), plain[..16]);
        Assert.Equal(new byte[] { 0, 0, 0, 2 }, plain[16..20]);
        Assert.Equal("hi" + OfficialAppId, Encoding.UTF8.GetString(plain, 20, 2 + OfficialAppId.Length));
    }
}
