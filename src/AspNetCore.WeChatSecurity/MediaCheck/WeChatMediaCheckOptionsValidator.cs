using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>Checks <see cref="WeChatSecurityOptions.MediaCheck"/> when the application starts, naming the setting and the fix; never repeats a secret.</summary>
internal sealed class WeChatMediaCheckOptionsValidator : IValidateOptions<WeChatSecurityOptions>
{
    private const string Prefix = WeChatSecurityOptions.SectionName + ":MediaCheck:";

    public ValidateOptionsResult Validate(string? name, WeChatSecurityOptions options)
    {
        var settings = options.MediaCheck;
        if (settings is null)
        {
            return ValidateOptionsResult.Fail($"{WeChatSecurityOptions.SectionName}:MediaCheck must not be null.");
        }

        var failures = new List<string>();
        if (settings.PushToken is { } pushToken && (pushToken.Length is < 3 or > 32 || !pushToken.All(char.IsAsciiLetterOrDigit)))
        {
            failures.Add($"{Prefix}PushToken must be the 3 to 32 letters or digits set as Token for the message push server in the mini program console.");
        }

        if (settings.PushEncodingAesKey is { } aesKey && (aesKey.Length != WeChatPushCipher.EncodingAesKeyLength || !aesKey.All(char.IsAsciiLetterOrDigit)))
        {
            failures.Add($"{Prefix}PushEncodingAesKey must be the 43 letters and digits shown as EncodingAESKey in the mini program console.");
        }

        if (settings.PushMode is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add($"{Prefix}PushMode has no value {mode}; use Plaintext, Compatible or Safe, as chosen in the mini program console.");
        }
        else if (settings.EffectivePushMode != WeChatPushMode.Plaintext && (string.IsNullOrEmpty(settings.PushEncodingAesKey) || string.IsNullOrEmpty(options.AppId)))
        {
            failures.Add($"{Prefix}PushMode {settings.EffectivePushMode} decrypts pushes: set {Prefix}PushEncodingAesKey (the console's EncodingAESKey) and {WeChatSecurityOptions.SectionName}:AppId.");
        }

        if (settings.PublicBaseAddress is { } address && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(address.Query)))
        {
            failures.Add($"{Prefix}PublicBaseAddress must be an absolute http or https address without a query, such as https://api.example.com, that WeChat's servers can reach.");
        }

        Between(failures, nameof(settings.PushTimestampWindow), settings.PushTimestampWindow, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
        Between(failures, nameof(settings.PushReplayMemory), settings.PushReplayMemory, 100, 10_000_000);
        Between(failures, nameof(settings.MaxChecksPerRequest), settings.MaxChecksPerRequest, 1, 10_000);
        Between(failures, nameof(settings.MaxUploadsPerCheck), settings.MaxUploadsPerCheck, 1, 10_000);
        Between(failures, nameof(settings.MaxKeptMediaBytes), settings.MaxKeptMediaBytes, WeChatMediaCheckOptions.MaxMediaBytes, 64L * 1024 * 1024 * 1024);
        Between(failures, nameof(settings.VerdictTimeout), settings.VerdictTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        Between(failures, nameof(settings.GracePeriod), settings.GracePeriod, TimeSpan.Zero, TimeSpan.FromDays(1));
        Between(failures, nameof(settings.MaxResubmissions), settings.MaxResubmissions, 0, 10);
        Between(failures, nameof(settings.SweepInterval), settings.SweepInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(failures, nameof(settings.DeliveryRetryDelay), settings.DeliveryRetryDelay, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Between(failures, nameof(settings.DeliveryClaimDuration), settings.DeliveryClaimDuration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));

        // The sweeper holds a check while it submits it again: a hold that ended during that call would let another
        // sweep submit it a second time, and the push for the losing submission would be delivered as unknown. The wait
        // for a rate-limit slot needs no room of its own: TotalTimeout is the pipeline's outermost strategy and covers it.
        if (settings.DeliveryClaimDuration > TimeSpan.Zero && settings.DeliveryClaimDuration < options.Resilience.TotalTimeout)
        {
            failures.Add($"{Prefix}DeliveryClaimDuration ({settings.DeliveryClaimDuration}) must be at least {WeChatSecurityOptions.SectionName}:Resilience:TotalTimeout ({options.Resilience.TotalTimeout}), the longest one call to WeChat runs, and a resubmission runs while the check is held.");
        }

        Between(failures, nameof(settings.DeliveredRetention), settings.DeliveredRetention, TimeSpan.FromMinutes(10), TimeSpan.FromDays(30));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Prefix}{name} must be between {min} and {max} (it is {value}).");
        }
    }
}
