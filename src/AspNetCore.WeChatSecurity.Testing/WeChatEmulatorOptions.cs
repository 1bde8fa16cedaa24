using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// How a <see cref="WeChatEmulator"/> behaves. Set everything before the emulator is created, except the push settings
/// (<see cref="PushUrl"/>, <see cref="PushHandler"/>, <see cref="PushToken"/>, <see cref="EncodingAesKey"/>,
/// <see cref="PushMode"/>, <see cref="PushFormat"/>), which are read when each push is sent so that a test can point
/// them at a server created after the emulator.
/// </summary>
public sealed class WeChatEmulatorOptions
{
    /// <summary>The first official test string of <c>msg_sec_check</c>: always risky.</summary>
    public const string OfficialRiskyText1 = "特3456书yuuo莞6543李zxcz蒜7782法fgnv级";

    /// <summary>The second official test string of <c>msg_sec_check</c>: always risky.</summary>
    public const string OfficialRiskyText2 = "完2347全dfji试3726测asad感3847知qwez到";

    /// <summary>
    /// The AppId the emulator accepts. Default <c>wx0000000000emulator</c>. <c>UseWeChatEmulator</c> sets it to the
    /// application's AppId when the application has one.
    /// </summary>
    public string AppId { get; set; } = "wx0000000000emulator";

    /// <summary>
    /// The AppSecret the emulator accepts. Default <c>emulator-app-secret-0000000000000</c>. <c>UseWeChatEmulator</c> sets
    /// it to the application's AppSecret when the application has one.
    /// </summary>
    public string AppSecret { get; set; } = "emulator-app-secret-0000000000000";

    /// <summary>The clock for token expiry, quotas, injected latency and push delays. Null: <see cref="TimeProvider.System"/> (or the application's, through dependency injection).</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Where the emulator logs what it does. Null: nowhere (or the application's logging, through dependency injection).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How long an access token lives. Default 7200 seconds, as WeChat.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How many <c>force_refresh</c> stable-token calls are allowed per Beijing-time day. Default 20, as WeChat.</summary>
    public int StableTokenForceRefreshesPerDay { get; set; } = 20;

    /// <summary>The shortest interval between two <c>force_refresh</c> stable-token calls. Default 30 seconds, as WeChat.</summary>
    public TimeSpan StableTokenForceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Call limits per endpoint. Defaults are WeChat's: msg_sec_check 4000/min and 2,000,000/day; img_sec_check and
    /// media_check_async 2000/min and 200,000/day; stable_token 10,000/min and 500,000/day; token 2000/day.
    /// </summary>
    public IDictionary<WeChatEmulatorEndpoint, WeChatEmulatorQuota> Quotas { get; } = new Dictionary<WeChatEmulatorEndpoint, WeChatEmulatorQuota>
    {
        [WeChatEmulatorEndpoint.Token] = new(int.MaxValue, 2000),
        [WeChatEmulatorEndpoint.StableToken] = new(10_000, 500_000),
        [WeChatEmulatorEndpoint.MsgSecCheck] = new(4000, 2_000_000),
        [WeChatEmulatorEndpoint.ImgSecCheck] = new(2000, 200_000),
        [WeChatEmulatorEndpoint.MediaCheckAsync] = new(2000, 200_000),
    };

    /// <summary>
    /// Phrases that make text risky, each with the v2 label reported for it. A text is risky when it contains a phrase
    /// (ordinal comparison). Default: the two official test strings, label 20001.
    /// </summary>
    public IDictionary<string, int> RiskyTexts { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        [OfficialRiskyText1] = 20001,
        [OfficialRiskyText2] = 20001,
    };

    /// <summary>
    /// Phrases that make a v2 text check answer <c>review</c>, each with its label. Risky phrases win over these. v1 has
    /// no review verdict, so these pass there. Default: none.
    /// </summary>
    public IDictionary<string, int> ReviewTexts { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// SHA-256 hashes (hex, either case) of images and audio that are risky, besides <see cref="WeChatEmulator.RiskyTestImage"/>,
    /// which always is.
    /// </summary>
    public ISet<string> RiskyMediaSha256 { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The v2 label reported for risky media. Default 20002 (porn).</summary>
    public int RiskyMediaLabel { get; set; } = 20002;

    /// <summary>The largest text v1 accepts, in UTF-8 bytes. Default 500 KB (512,000 bytes).</summary>
    public int MaxTextBytesV1 { get; set; } = 500 * 1024;

    /// <summary>The longest text v2 accepts, in Unicode characters (code points). Default 2500.</summary>
    public int MaxTextCharactersV2 { get; set; } = 2500;

    /// <summary>The largest image <c>img_sec_check</c> accepts. Default 1 MB (1,048,576 bytes).</summary>
    public int MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest media file <c>media_check_async</c> downloads; larger counts as undownloadable. Default 10 MB.</summary>
    public int MaxMediaBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long after a <c>media_check_async</c> call its verdict is pushed. Default 2 seconds (WeChat: up to 30 minutes).</summary>
    public TimeSpan MediaCheckDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Fetches media that was not registered with <see cref="WeChatEmulator.RegisterMedia"/>. Null: loopback URLs are
    /// fetched with a plain <see cref="HttpClient"/> and other URLs count as undownloadable.
    /// </summary>
    public HttpMessageHandler? MediaHandler { get; set; }

    /// <summary>The application's message-push URL. Null: verdicts are computed and recorded but not sent.</summary>
    public Uri? PushUrl { get; set; }

    /// <summary>Sends pushes, for example a TestServer's handler. Null: a plain <see cref="HttpClient"/>.</summary>
    public HttpMessageHandler? PushHandler { get; set; }

    /// <summary>The push Token that signs pushes. Default <c>WeChatEmulatorPushToken</c>.</summary>
    public string PushToken { get; set; } = "WeChatEmulatorPushToken";

    /// <summary>The 43-character EncodingAESKey for the compatible and safe modes. Default <c>WeChatEmulatorEncodingAesKey000000000000000</c>.</summary>
    public string EncodingAesKey { get; set; } = "WeChatEmulatorEncodingAesKey000000000000000";

    /// <summary>The push encryption mode, as the push endpoint's <see cref="WeChatMediaCheckOptions.PushMode"/> names it. Default <see cref="WeChatPushMode.Plaintext"/>.</summary>
    public WeChatPushMode PushMode { get; set; } = WeChatPushMode.Plaintext;

    /// <summary>The push data format. Default <see cref="WeChatEmulatorPushFormat.Xml"/>, as WeChat.</summary>
    public WeChatEmulatorPushFormat PushFormat { get; set; } = WeChatEmulatorPushFormat.Xml;

    /// <summary>How many times a push that failed (exception or non-2xx status) is sent again at once. Default 3, as WeChat.</summary>
    public int PushRetries { get; set; } = 3;

    /// <summary>The mini program's original id, sent as <c>ToUserName</c>. Default <c>gh_0000emulator</c>.</summary>
    public string OriginalId { get; set; } = "gh_0000emulator";

    /// <summary>The seed of the random source that picks calls for <see cref="WeChatEmulator.FailFraction"/>. Default 12345.</summary>
    public int FaultSeed { get; set; } = 12345;
}
