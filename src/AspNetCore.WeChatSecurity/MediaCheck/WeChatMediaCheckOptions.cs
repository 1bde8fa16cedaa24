namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Asynchronous media checks: the push server WeChat delivers verdicts to, the media endpoint WeChat downloads kept
/// bytes from, and how long a verdict is waited for. Bound from <c>WeChatSecurity:MediaCheck</c>.
/// </summary>
public sealed class WeChatMediaCheckOptions
{
    /// <summary>The largest media WeChat checks: 10 MB (10,485,760 bytes).</summary>
    public const long MaxMediaBytes = 10 * 1024 * 1024;

    /// <summary>
    /// The Token set for the message push server in the mini program console: verifies that pushes to
    /// <c>MapWeChatMediaCheckPush</c> come from WeChat. Required to map that endpoint. Never logged.
    /// </summary>
    public string? PushToken { get; set; }

    /// <summary>The 43-character EncodingAESKey from the console, for the compatible and safe push modes. Never logged.</summary>
    public string? PushEncodingAesKey { get; set; }

    /// <summary>
    /// The push mode chosen in the console. Default: <see cref="WeChatPushMode.Safe"/> when
    /// <see cref="PushEncodingAesKey"/> is set, otherwise <see cref="WeChatPushMode.Plaintext"/>. In safe mode a push that
    /// is not encrypted is refused, whatever its query says.
    /// </summary>
    public WeChatPushMode? PushMode { get; set; }

    /// <summary>How far a push's <c>timestamp</c> may be from now, either way; older or newer pushes are refused. Default 5 minutes.</summary>
    public TimeSpan PushTimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many recently seen signed push queries each instance remembers, with a hash of their body: WeChat's retries
    /// (same query, same body) are accepted, the same query with another body is refused. Default 10,000. Only the
    /// default, in-memory <see cref="IWeChatPushReplayGuard"/> uses it: a shared one (<c>AddRedis</c>) lets its entries
    /// expire with <see cref="PushTimestampWindow"/> instead.
    /// </summary>
    public int PushReplayMemory { get; set; } = 10_000;

    /// <summary>
    /// The address WeChat's servers reach this application at (for example <c>https://api.example.com</c>), to build
    /// the URLs of media submitted as bytes and served by <c>MapWeChatMediaDownload</c>. Required to submit bytes.
    /// </summary>
    public Uri? PublicBaseAddress { get; set; }

    /// <summary>
    /// The most files one request may submit through <c>[MediaSecCheck]</c> (<c>WithMediaSecCheck</c>), all its fields
    /// together; more gets 413 before the first submission, so that one upload cannot spend the media check quota every
    /// other user shares, nor fill <see cref="MaxKeptMediaBytes"/>. Counted apart from
    /// <see cref="WeChatImageOptions.MaxChecksPerRequest"/>: media checks take voice as well as images and draw on their
    /// own quota. Default 9, a WeChat post's most pictures.
    /// </summary>
    public int MaxChecksPerRequest { get; set; } = 9;

    /// <summary>
    /// The most uploads of the same bytes one pending check holds. Repeats of media that is pending join its check instead
    /// of calling WeChat again; the one after this many is submitted afresh as a check of its own (one more WeChat call
    /// per this many uploads), which later repeats join. So popular media is never refused, and an upload repeated
    /// without end cannot grow one check's record, which every join rewrites, without bound. Read at each join: follows a
    /// reload. Default 100.
    /// </summary>
    public int MaxUploadsPerCheck { get; set; } = 100;

    /// <summary>The most bytes of submitted media kept at once, waiting for WeChat to download them. Default 200 MB (209,715,200).</summary>
    public long MaxKeptMediaBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>How long WeChat's verdict is waited for after a submission. Default 30 minutes, WeChat's own promise.</summary>
    public TimeSpan VerdictTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Added to <see cref="VerdictTimeout"/> before a check counts as timed out, for a push that is late or retried. Default 5 minutes.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many times a check that timed out is submitted again before the time-out is delivered. Default 1.</summary>
    public int MaxResubmissions { get; set; } = 1;

    /// <summary>How often the sweeper looks for checks past their deadline and deliveries to retry. Default 30 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after a failed handler the sweeper delivers again, when WeChat's own retries did not succeed. Default 1 minute.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long one server holds a check while its result handlers run (and while the sweeper submits it to WeChat
    /// again); until then no other server or request delivers it. Set it longer than your slowest handler: a holder
    /// still running when it ends loses the check to another server, which delivers it again. A server that dies holding
    /// a check delays its delivery this long. Default 2 minutes; at least <c>Resilience:TotalTimeout</c>, the longest one
    /// call to WeChat runs, its wait for a rate-limit slot included (leave room for a second: a resubmission whose access
    /// token WeChat rejects is sent again with a renewed one).
    /// </summary>
    public TimeSpan DeliveryClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a delivered check is remembered, so that WeChat's retried pushes are acknowledged without calling the handlers. Default 1 day.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long after a submission its check is due at the sweeper (<see cref="VerdictTimeout"/> plus
    /// <see cref="GracePeriod"/>); kept bytes, and the URL WeChat downloads them from, last as long.
    /// </summary>
    internal TimeSpan DueAfterSubmission => VerdictTimeout + GracePeriod;

    /// <summary>The push mode in force: <see cref="PushMode"/>, or its default.</summary>
    internal WeChatPushMode EffectivePushMode =>
        PushMode ?? (string.IsNullOrEmpty(PushEncodingAesKey) ? WeChatPushMode.Plaintext : WeChatPushMode.Safe);
}
