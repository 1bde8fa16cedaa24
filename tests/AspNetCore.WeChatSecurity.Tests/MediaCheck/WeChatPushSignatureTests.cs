using AspNetCore.WeChatSecurity.MediaCheck;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class WeChatPushSignatureTests
{
    [Fact]
    public void Signature_IsSha1OfOrdinallySortedParts()
    {
        const string expected = "76480565cbe296026c53aaacd1ad523a1ddba24f"; // sha1("1409304348pamtestxxxxxx")

        Assert.Equal(expected, WeChatPushSignature.Compute("pamtest", "1409304348", "xxxxxx"));
    }

    [Fact]
    public void Signature_DoesNotDependOnArgumentOrder()
    {
        Assert.Equal(WeChatPushSignature.Compute("b", "a", "c"), WeChatPushSignature.Compute("c", "b", "a"));
    }

    [Fact]
    public void Signature_SortsOrdinallyNotCulturally()
    {
        // Ordinal: "1" < "Z" (0x5A) < "a" (0x61); a culture-aware sort would put "a" before "Z".
        const string expected = "520830ce5c25fab9f94cf2f5deb8438821f92343"; // sha1("1Za")

        Assert.Equal(expected, WeChatPushSignature.Compute("a", "Z", "1"));
    }

    [Fact]
    public void MessageSignature_IncludesTheCiphertext()
    {
        const string expected = "2efbab89634b3e2a09c9b8ea3765d6bdef1b614a"; // sha1("1409304348ENCpamtestxxxxxx")

        Assert.Equal(expected, WeChatPushSignature.ComputeMessageSignature("pamtest", "1409304348", "xxxxxx", "ENC"));
        Assert.NotEqual(
            WeChatPushSignature.ComputeMessageSignature("pamtest", "1409304348", "xxxxxx", "ENC"),
            WeChatPushSignature.ComputeMessageSignature("pamtest", "1409304348", "xxxxxx", "ENd"));
    }

    [Fact]
    public void Matches_AcceptsTheSignatureInEitherHexCase()
    {
        var signature = WeChatPushSignature.Compute("token", "1", "2");

        Assert.True(WeChatPushSignature.Matches(signature, signature));
        Assert.True(WeChatPushSignature.Matches(signature, signature.ToUpperInvariant()));
    }

    [Fact]
    public void Matches_RejectsTamperedMissingAndMisSizedSignatures()
    {
        var signature = WeChatPushSignature.Compute("token", "1", "2");
        var tampered = (signature[0] == '0' ? "1" : "0") + signature[1..];

        Assert.False(WeChatPushSignature.Matches(signature, tampered));
        Assert.False(WeChatPushSignature.Matches(signature, null));
        Assert.False(WeChatPushSignature.Matches(signature, string.Empty));
        Assert.False(WeChatPushSignature.Matches(signature, signature + "0"));
        Assert.False(WeChatPushSignature.Matches(signature, signature[..^1] + "\u0130"));
    }
}
