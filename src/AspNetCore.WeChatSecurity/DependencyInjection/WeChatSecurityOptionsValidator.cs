using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>
/// Checks the options when the application starts, with messages that say which setting to change and how. It never
/// repeats a secret's value.
/// </summary>
internal sealed class WeChatSecurityOptionsValidator(IServiceProvider services) : IValidateOptions<WeChatSecurityOptions>
{
    private const string Prefix = WeChatSecurityOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, WeChatSecurityOptions options)
    {
        var failures = new List<string>();
        var isService = services.GetService<IServiceProviderIsService>();

        if (!Enum.IsDefined(options.TokenSource))
        {
            failures.Add($"{Prefix}TokenSource must be Stable, Classic or External.");
        }
        else if (options.TokenSource == WeChatTokenSource.External)
        {
            if (isService?.IsService(typeof(IWeChatAccessTokenSource)) == false)
            {
                failures.Add($"{Prefix}TokenSource is External, but no {nameof(IWeChatAccessTokenSource)} is registered. Register one (services.AddSingleton<{nameof(IWeChatAccessTokenSource)}, YourSource>()) or use TokenSource Stable with AppId and AppSecret.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.AppId))
            {
                failures.Add($"{Prefix}AppId is required with TokenSource {options.TokenSource}. Set it in appsettings.json, user-secrets or the WeChatSecurity__AppId environment variable (or use the emulator in development).");
            }

            if (string.IsNullOrWhiteSpace(options.AppSecret))
            {
                failures.Add($"{Prefix}AppSecret is required with TokenSource {options.TokenSource}. Keep it out of source control: set it with user-secrets or the WeChatSecurity__AppSecret environment variable.");
            }
        }

        if (options.ApiBaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}ApiBaseAddress must be an absolute http or https address, such as https://api.weixin.qq.com.");
        }

        RequireBetween(failures, nameof(options.TokenRefreshMargin), options.TokenRefreshMargin, TimeSpan.Zero, TimeSpan.FromMinutes(60));
        RequireBetween(failures, nameof(options.ForceRefreshInterval), options.ForceRefreshInterval, TimeSpan.FromSeconds(30), TimeSpan.FromDays(1));
        RequireBetween(failures, "Resilience:AttemptTimeout", options.Resilience.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        RequireBetween(failures, "Resilience:TotalTimeout", options.Resilience.TotalTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        if (options.Resilience.TotalTimeout < options.Resilience.AttemptTimeout)
        {
            failures.Add($"{Prefix}Resilience:TotalTimeout ({options.Resilience.TotalTimeout}) must be at least {Prefix}Resilience:AttemptTimeout ({options.Resilience.AttemptTimeout}).");
        }

        RequireBetween(failures, "Resilience:MaxRetryAttempts", options.Resilience.MaxRetryAttempts, 0, 10);
        RequireBetween(failures, "Resilience:RetryBaseDelay", options.Resilience.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        if (!(options.Resilience.CircuitBreakerFailureRatio > 0 && options.Resilience.CircuitBreakerFailureRatio <= 1))
        {
            failures.Add($"{Prefix}Resilience:CircuitBreakerFailureRatio must be more than 0 and at most 1 (it is {options.Resilience.CircuitBreakerFailureRatio}).");
        }

        RequireBetween(failures, "Resilience:CircuitBreakerMinimumThroughput", options.Resilience.CircuitBreakerMinimumThroughput, 2, int.MaxValue);
        RequireBetween(failures, "Resilience:CircuitBreakerSamplingDuration", options.Resilience.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        RequireBetween(failures, "Resilience:CircuitBreakerBreakDuration", options.Resilience.CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        RequireBetween(failures, "Resilience:TextChecksPerMinute", options.Resilience.TextChecksPerMinute, 1, 4000);
        RequireBetween(failures, "Resilience:ImageChecksPerMinute", options.Resilience.ImageChecksPerMinute, 1, 2000);
        RequireBetween(failures, "Resilience:MediaChecksPerMinute", options.Resilience.MediaChecksPerMinute, 1, 2000);
        RequireBetween(failures, "Resilience:MaxLimiterWait", options.Resilience.MaxLimiterWait, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        RequireDefined(failures, nameof(options.TextVersion), options.TextVersion);
        RequireDefined(failures, nameof(options.DefaultScene), options.DefaultScene);
        RequireDefined(failures, nameof(options.ReviewAction), options.ReviewAction);
        RequireDefined(failures, nameof(options.FailureMode), options.FailureMode);
        RequireDefined(failures, "Images:OversizePolicy", options.Images.OversizePolicy);
        if (string.IsNullOrWhiteSpace(options.OpenIdClaimType))
        {
            failures.Add($"{Prefix}OpenIdClaimType must name a claim type (default \"openid\").");
        }

        if (string.IsNullOrWhiteSpace(options.RejectionMessage))
        {
            failures.Add($"{Prefix}RejectionMessage must not be empty: it is what a user reads under a rejected field.");
        }

        RequireBetween(failures, "Cache:MaxEntries", options.Cache.MaxEntries, VerdictCache.MinimumEntries, 100_000_000);
        RequireBetween(failures, "Cache:PassTtl", options.Cache.PassTtl, TimeSpan.Zero, TimeSpan.FromDays(365));
        RequireBetween(failures, "Cache:RiskyTtl", options.Cache.RiskyTtl, TimeSpan.Zero, TimeSpan.FromDays(365));
        RequireBetween(failures, "Cache:ReviewTtl", options.Cache.ReviewTtl, TimeSpan.Zero, TimeSpan.FromDays(365));
        RequireBetween(failures, "Text:MaxTextLength", options.Text.MaxTextLength, 1, 100_000_000);
        RequireBetween(failures, "Text:ChunkOverlap", options.Text.ChunkOverlap, 0, 1000);
        RequireBetween(failures, "Text:MaxChunkParallelism", options.Text.MaxChunkParallelism, 1, 64);
        RequireBetween(failures, "Images:MaxImageBytes", options.Images.MaxImageBytes, 1, 1024 * 1024);
        RequireBetween(failures, "Images:MaxImageWidth", options.Images.MaxImageWidth, 1, 100_000);
        RequireBetween(failures, "Images:MaxImageHeight", options.Images.MaxImageHeight, 1, 100_000);
        RequireBetween(failures, "Images:MaxResizableImageBytes", options.Images.MaxResizableImageBytes, options.Images.MaxImageBytes, 100L * 1024 * 1024);
        RequireBetween(failures, "Images:MaxResizablePixels", options.Images.MaxResizablePixels, 1, 1_000_000_000);
        if (options.Images.OversizePolicy == WeChatOversizePolicy.Resize && isService?.IsService(typeof(IWeChatImageResizer)) == false)
        {
            failures.Add($"{Prefix}Images:OversizePolicy is Resize, but no {nameof(IWeChatImageResizer)} is registered. Register one, or use Reject or SendAnyway.");
        }

        if (isService?.IsService(typeof(WeChatEmulatorMarker)) == true
            && !options.AllowEmulatorInProduction
            && services.GetService<IHostEnvironment>() is { } environment
            && environment.IsProduction())
        {
            failures.Add($"The WeChat emulator is registered (UseWeChatEmulator) in the Production environment, so content would be published unchecked. Remove UseWeChatEmulator from production builds, or set {Prefix}AllowEmulatorInProduction to true if this really is intended (for example a staging host named Production).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireBetween<T>(List<string> failures, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{Prefix}{name} must be between {min} and {max} (it is {value}).");
        }
    }

    private static void RequireDefined<T>(List<string> failures, string name, T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            failures.Add($"{Prefix}{name} has no value {value}; use one of {string.Join(", ", Enum.GetNames<T>())}.");
        }
    }
}
