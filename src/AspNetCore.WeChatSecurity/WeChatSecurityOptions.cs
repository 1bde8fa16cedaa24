using Microsoft.AspNetCore.Http;

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
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest interval between two <c>force_refresh: true</c> stable-token requests, the last resort when WeChat
    /// keeps rejecting a fresh token. WeChat allows one per 30 s and 20 a day. Default 30 seconds.
    /// </summary>
    public TimeSpan ForceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    // ---- Resilience ----

    /// <summary>The longest one HTTP attempt may take. Default 5 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a call may take, retries included. Default 15 seconds.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a transient failure is retried (0 disables retries). Default 2.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The share of failed calls in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit. Default 0.8: an
    /// open circuit refuses every check, so it opens only when WeChat is mostly down, not when some calls fail and are
    /// retried.
    /// </summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.8;

    /// <summary>
    /// How many calls must have been made in the sampling window before the circuit can open. Default 100: at a cold
    /// start the first calls of a burst are the fast failures, and a small sample would open the circuit on them.
    /// </summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    /// <summary>The window over which failures are counted. Default 30 seconds.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call. Default 5 seconds, so that an outage that ends costs little.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    // ---- Client-side limits (under WeChat's documented quotas) ----

    /// <summary>Text checks allowed per minute per application instance. Default 4000 (WeChat's limit per AppId).</summary>
    public int TextChecksPerMinute { get; set; } = 4000;

    /// <summary>Image checks allowed per minute per application instance. Default 2000.</summary>
    public int ImageChecksPerMinute { get; set; } = 2000;

    /// <summary>Asynchronous media checks allowed per minute per application instance. Default 2000.</summary>
    public int MediaChecksPerMinute { get; set; } = 2000;

    /// <summary>The longest a call waits for the client-side limiter before it is answered "unavailable". Default 2 seconds.</summary>
    public TimeSpan MaxLimiterWait { get; set; } = TimeSpan.FromSeconds(2);

    // ---- Verdicts ----

    /// <summary>Which text check version is used. Default <see cref="WeChatTextVersion.Auto"/>.</summary>
    public WeChatTextVersion TextVersion { get; set; } = WeChatTextVersion.Auto;

    /// <summary>The claim that holds the user's openid, for v2 text checks. Default <c>openid</c>.</summary>
    public string OpenIdClaimType { get; set; } = "openid";

    /// <summary>Finds the user's openid when it is not in a claim. Tried after <see cref="OpenIdClaimType"/>.</summary>
    public Func<HttpContext, string?>? OpenIdResolver { get; set; }

    /// <summary>The scene used when an attribute does not name one. Default <see cref="WeChatScene.Comment"/>.</summary>
    public WeChatScene DefaultScene { get; set; } = WeChatScene.Comment;

    /// <summary>What happens to v2 <c>review</c> verdicts. Default <see cref="WeChatReviewAction.Reject"/>.</summary>
    public WeChatReviewAction ReviewAction { get; set; } = WeChatReviewAction.Reject;

    /// <summary>What happens when WeChat cannot give a verdict. Default <see cref="WeChatFailureMode.Block"/>.</summary>
    public WeChatFailureMode FailureMode { get; set; } = WeChatFailureMode.Block;

    /// <summary>The message under each rejected field in a 422 response.</summary>
    public string RejectionMessage { get; set; } = "The content was rejected by WeChat's content-security check.";

    // ---- Verdict cache ----

    /// <summary>The most verdicts kept in memory, at least 4. Default 100,000.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How long a pass verdict is kept. Default 1 hour.</summary>
    public TimeSpan PassTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a risky verdict is kept. Default 24 hours.</summary>
    public TimeSpan RiskyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a review verdict is kept. Default 10 minutes.</summary>
    public TimeSpan ReviewTtl { get; set; } = TimeSpan.FromMinutes(10);

    // ---- Text ----

    /// <summary>The longest text, in characters, a request may submit for checking in one field; longer gets 413. Default 100,000.</summary>
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>Characters repeated between consecutive chunks of a long text, so a phrase across a boundary is still seen. Default 50.</summary>
    public int ChunkOverlap { get; set; } = 50;

    /// <summary>How many chunks of one long text are checked at once. Default 4.</summary>
    public int MaxChunkParallelism { get; set; } = 4;

    // ---- Images ----

    /// <summary>The largest image sent to WeChat, in bytes. Default 1 MB (1,048,576), WeChat's limit.</summary>
    public long MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>The widest image sent to WeChat, in pixels. Default 750.</summary>
    public int MaxImageWidth { get; set; } = 750;

    /// <summary>The tallest image sent to WeChat, in pixels. Default 1334.</summary>
    public int MaxImageHeight { get; set; } = 1334;

    /// <summary>What happens to images over the limits. Default <see cref="WeChatOversizePolicy.Reject"/>.</summary>
    public WeChatOversizePolicy OversizePolicy { get; set; } = WeChatOversizePolicy.Reject;

    /// <summary>
    /// The largest image accepted for resizing when <see cref="OversizePolicy"/> is <see cref="WeChatOversizePolicy.Resize"/>,
    /// in bytes; a larger one gets 413, and a stream is read no further than this plus one byte. Default 10 MB (10,485,760).
    /// </summary>
    public long MaxResizableImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width times height, read from the header before anything is decoded) an image may have to be
    /// resized when <see cref="OversizePolicy"/> is <see cref="WeChatOversizePolicy.Resize"/>; a larger one gets 413, so
    /// that a small file claiming huge dimensions never makes the resizer allocate gigabytes. Default 40,000,000
    /// (a 48-megapixel phone photo is 8000x6000 = 48,000,000: raise it to resize those).
    /// </summary>
    public long MaxResizablePixels { get; set; } = 40_000_000;

    // ---- Asynchronous media checks ----

    /// <summary>Asynchronous media checks: push server, media endpoint, deadlines. Bound from <c>WeChatSecurity:MediaCheck</c>.</summary>
    public WeChatMediaCheckOptions MediaCheck { get; set; } = new();

    // ---- Emulator ----

    /// <summary>Allows the emulator in the Production environment. Default false: starting refuses, so a misconfigured deployment never publishes unchecked content.</summary>
    public bool AllowEmulatorInProduction { get; set; }
}
