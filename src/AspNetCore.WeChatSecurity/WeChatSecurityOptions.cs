using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Everything the library can be told, bound from the <c>WeChatSecurity</c> configuration section and validated when the
/// application starts.
/// </summary>
public sealed class WeChatSecurityOptions
{
    /// <summary>The configuration section the options are bound from: <c>WeChatSecurity</c>.</summary>
    public const string SectionName = "WeChatSecurity";

    // ---- Credentials and endpoint ----

    /// <summary>The mini program's AppId. Required unless tokens come from an <see cref="IWeChatAccessTokenSource"/>.</summary>
    public string? AppId { get; set; }

    /// <summary>The mini program's AppSecret. Required unless tokens come from an <see cref="IWeChatAccessTokenSource"/>. Never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>WeChat's API address. Default <c>https://api.weixin.qq.com</c>.</summary>
    public Uri ApiBaseAddress { get; set; } = new("https://api.weixin.qq.com");

    /// <summary>Where access tokens come from. Default <see cref="WeChatTokenSource.Stable"/>.</summary>
    public WeChatTokenSource TokenSource { get; set; } = WeChatTokenSource.Stable;

    /// <summary>How long before its expiry a cached token is replaced. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "WeChatSecurity:TokenRefreshMargin must be between {1} and {2}.")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest interval between two <c>force_refresh: true</c> stable-token requests, the last resort when WeChat
    /// keeps rejecting a fresh token. WeChat allows one per 30 s and 20 a day. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00", ErrorMessage = "WeChatSecurity:ForceRefreshInterval must be between {1} and {2}.")]
    public TimeSpan ForceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    // ---- Resilience ----

    /// <summary>Timeouts, retries, the circuit breaker and the client-side limits under WeChat's quotas. Bound from <c>WeChatSecurity:Resilience</c>.</summary>
    [ValidateObjectMembers]
    public WeChatResilienceOptions Resilience { get; set; } = new();

    // ---- Verdicts ----

    /// <summary>
    /// Which version of WeChat's check API is called, for text (<c>msg_sec_check</c>) and media (<c>media_check_async</c>)
    /// alike; <see cref="WeChatCheckContext.TextVersion"/> overrides it for one check. Default <see cref="WeChatApiVersion.Auto"/>.
    /// </summary>
    public WeChatApiVersion TextVersion { get; set; } = WeChatApiVersion.Auto;

    /// <summary>The claim that holds the user's openid, for v2 text and media checks. Default <c>openid</c>.</summary>
    public string OpenIdClaimType { get; set; } = "openid";

    /// <summary>Finds the user's openid when it is not in a claim. Tried after <see cref="OpenIdClaimType"/>.</summary>
    public Func<HttpContext, string?>? OpenIdResolver { get; set; }

    /// <summary>The scene of a v2 check when neither the attribute nor <see cref="WeChatCheckContext.Scene"/> names one. Default <see cref="WeChatScene.Comment"/>.</summary>
    public WeChatScene DefaultScene { get; set; } = WeChatScene.Comment;

    /// <summary>What happens to v2 <c>review</c> verdicts. Default <see cref="WeChatReviewAction.Reject"/>.</summary>
    public WeChatReviewAction ReviewAction { get; set; } = WeChatReviewAction.Reject;

    /// <summary>What happens when WeChat cannot give a verdict. Default <see cref="WeChatFailureMode.Block"/>.</summary>
    public WeChatFailureMode FailureMode { get; set; } = WeChatFailureMode.Block;

    /// <summary>The message under each rejected field in a 422 response.</summary>
    public string RejectionMessage { get; set; } = "The content was rejected by WeChat's content-security check.";

    // ---- Verdict cache ----

    /// <summary>The in-memory verdict cache: size and how long each verdict is kept. Bound from <c>WeChatSecurity:Cache</c>.</summary>
    [ValidateObjectMembers]
    public WeChatVerdictCacheOptions Cache { get; set; } = new();

    // ---- Text ----

    /// <summary>The longest text accepted, the WeChat calls one request's texts may need, and how long texts are chunked. Bound from <c>WeChatSecurity:Text</c>.</summary>
    [ValidateObjectMembers]
    public WeChatTextOptions Text { get; set; } = new();

    // ---- Images ----

    /// <summary>Image limits (bytes, dimensions, images per request) and the oversize policy. Bound from <c>WeChatSecurity:Images</c>.</summary>
    [ValidateObjectMembers]
    public WeChatImageOptions Images { get; set; } = new();

    // ---- Asynchronous media checks ----

    /// <summary>Asynchronous media checks: push server, media endpoint, deadlines. Bound from <c>WeChatSecurity:MediaCheck</c>.</summary>
    public WeChatMediaCheckOptions MediaCheck { get; set; } = new();

    // ---- Emulator ----

    /// <summary>Allows the emulator in the Production environment. Default false: starting refuses, so a misconfigured deployment never publishes unchecked content.</summary>
    public bool AllowEmulatorInProduction { get; set; }
}
