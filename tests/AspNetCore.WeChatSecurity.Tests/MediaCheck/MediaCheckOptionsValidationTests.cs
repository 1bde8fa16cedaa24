using AspNetCore.WeChatSecurity.MediaCheck;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

public sealed class MediaCheckOptionsValidationTests
{
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(Validate(_ => { }).Succeeded);
    }

    [Fact]
    public void SafeOrCompatibleMode_WithoutAnAesKey_FailsNamingTheSetting()
    {
        var result = Validate(o => o.MediaCheck.PushMode = WeChatPushMode.Safe);

        Assert.Contains(result.Failures!, m => m.Contains("WeChatSecurity:MediaCheck:PushEncodingAesKey", StringComparison.Ordinal));
    }

    [Fact]
    public void BadValues_FailWithTheirNames_AndNeverRepeatTheSecrets()
    {
        var result = Validate(o =>
        {
            o.MediaCheck.PushToken = "not a token!";
            o.MediaCheck.PushEncodingAesKey = "short-secret-key";
            o.MediaCheck.PublicBaseAddress = new Uri("https://api.example.com/?x=1");
            o.MediaCheck.PushTimestampWindow = TimeSpan.Zero;
            o.MediaCheck.MaxKeptMediaBytes = 1;
            o.MediaCheck.MaxResubmissions = -1;
            o.MediaCheck.MaxChecksPerRequest = 0;
            o.MediaCheck.MaxUploadsPerCheck = 0;
        });

        var failures = string.Join("\n", result.Failures!);
        foreach (var name in new[] { "PushToken", "PushEncodingAesKey", "PublicBaseAddress", "PushTimestampWindow", "MaxKeptMediaBytes", "MaxResubmissions", "MaxChecksPerRequest", "MaxUploadsPerCheck" })
        {
            Assert.Contains("WeChatSecurity:MediaCheck:" + name, failures, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("not a token!", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret-key", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10_000, true)]
    [InlineData(10_001, false)]
    public void MaxUploadsPerCheck_From1To10000_IsValid_ElseFailsNamingItAndTheRange(int value, bool valid)
    {
        var result = Validate(o => o.MediaCheck.MaxUploadsPerCheck = value);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(result.Failures!, m => m.StartsWith("WeChatSecurity:MediaCheck:MaxUploadsPerCheck must be between 1 and 10000", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(14)]
    public void DeliveryClaimDuration_NotPositive_OrShorterThanAResubmissionCanRun_FailsNamingIt(int seconds)
    {
        // By default a resubmission runs for up to 15 seconds (Resilience:TotalTimeout).
        var result = Validate(o => o.MediaCheck.DeliveryClaimDuration = TimeSpan.FromSeconds(seconds));

        Assert.Contains(result.Failures!, m => m.StartsWith("WeChatSecurity:MediaCheck:DeliveryClaimDuration", StringComparison.Ordinal));
    }

    [Fact]
    public void DeliveryClaimDuration_AsLongAsAResubmissionCanRun_OrLonger_IsValid()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), new WeChatMediaCheckOptions().DeliveryClaimDuration);
        Assert.True(Validate(o => o.MediaCheck.DeliveryClaimDuration = TimeSpan.FromSeconds(15)).Succeeded);
        Assert.True(Validate(o => o.MediaCheck.DeliveryClaimDuration = TimeSpan.FromHours(1)).Succeeded);
        Assert.False(Validate(o =>
        {
            o.MediaCheck.DeliveryClaimDuration = TimeSpan.FromSeconds(30);
            o.Resilience.TotalTimeout = TimeSpan.FromSeconds(40);
        }).Succeeded);
    }

    [Fact]
    public void AnAesKey_MakesSafeTheDefaultMode_AndAnExplicitModeWins()
    {
        Assert.Equal(WeChatPushMode.Plaintext, new WeChatMediaCheckOptions().EffectivePushMode);
        Assert.Equal(WeChatPushMode.Safe, new WeChatMediaCheckOptions { PushEncodingAesKey = AesKey }.EffectivePushMode);
        Assert.Equal(WeChatPushMode.Compatible, new WeChatMediaCheckOptions { PushEncodingAesKey = AesKey, PushMode = WeChatPushMode.Compatible }.EffectivePushMode);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Action<WeChatSecurityOptions> configure)
    {
        var options = new WeChatSecurityOptions { AppId = "wx0123456789abcdef", AppSecret = "secret" };
        configure(options);
        return new WeChatMediaCheckOptionsValidator().Validate(null, options);
    }
}
