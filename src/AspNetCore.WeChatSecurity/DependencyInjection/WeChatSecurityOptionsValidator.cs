using System.Globalization;
using AspNetCore.WeChatSecurity.Text;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>
/// Checks the options when the application starts, with messages that say which setting to change and how. It never
/// repeats a secret's value. Ranges are data annotations on the options, checked by <c>ValidateDataAnnotations</c>;
/// this holds the rules that depend on another setting, on the registered services or on the environment, and the
/// enum checks, whose messages list the valid names.
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

        if (options.Resilience.TotalTimeout < options.Resilience.AttemptTimeout)
        {
            failures.Add($"{Prefix}Resilience:TotalTimeout ({options.Resilience.TotalTimeout}) must be at least {Prefix}Resilience:AttemptTimeout ({options.Resilience.AttemptTimeout}).");
        }

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

        RequireRoomForTheLongestText(failures, options);
        RequireBetween(failures, "Images:MaxResizableImageBytes", options.Images.MaxResizableImageBytes, options.Images.MaxImageBytes, 100L * 1024 * 1024);
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

    // MaxChecksPerRequest counts WeChat calls, a long text one per chunk: a limit under what one text of MaxTextLength can
    // need would refuse such a text even alone, so that MaxTextLength would not mean what it says. Held here, so that the
    // request path never counts the chunks of a single value. v2's chunks are the short ones (2,500 characters against
    // v1's 500 KB), and Auto sends v2 whenever there is an openid.
    private static void RequireRoomForTheLongestText(List<string> failures, WeChatSecurityOptions options)
    {
        var text = options.Text;
        var v1Only = options.TextVersion == WeChatApiVersion.V1;
        var limit = v1Only ? TextChunkLimit.V1 : TextChunkLimit.V2;
        var mostCalls = TextChunker.MostChunks(text.MaxTextLength, limit, text.ChunkOverlap);
        if (text.MaxChecksPerRequest >= 1 && text.MaxChecksPerRequest < mostCalls)
        {
            var chunk = v1Only ? "up to 500 KB of UTF-8 under TextVersion V1" : "2,500 characters under v2";
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}Text:MaxChecksPerRequest ({text.MaxChecksPerRequest:N0}) is below the {mostCalls:N0} WeChat calls one text of {Prefix}Text:MaxTextLength ({text.MaxTextLength:N0}) characters can need (one per chunk of {chunk}): raise it to at least {mostCalls:N0}, or lower MaxTextLength."));
        }
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
