using AspNetCore.WeChatSecurity.Testing.Faults;
using AspNetCore.WeChatSecurity.Testing.Hosting;
using AspNetCore.WeChatSecurity.Testing.Push;
using AspNetCore.WeChatSecurity.Testing.Quotas;
using AspNetCore.WeChatSecurity.Testing.Tokens;
using AspNetCore.WeChatSecurity.Testing.Verdicts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// An emulator of WeChat's content-security API: access tokens (<c>/cgi-bin/token</c>, <c>/cgi-bin/stable_token</c>),
/// <c>msg_sec_check</c> v1 and v2, <c>img_sec_check</c> and <c>media_check_async</c> with signed (optionally encrypted)
/// verdict pushes, with WeChat's validation, errcodes and quotas. Use it in process through <see cref="CreateHandler"/>
/// or on loopback through <see cref="WeChatEmulatorServer"/>; both run the same code. Thread-safe.
/// </summary>
public sealed class WeChatEmulator : IDisposable
{
    private readonly TokenStore _tokens;
    private readonly QuotaTracker _quotas;
    private readonly FaultInjector _faults;
    private readonly MediaFetcher _fetcher;
    private readonly PushDispatcher _pushes;
    private readonly RequestRecorder _recorder = new();
    private readonly RequestProcessor _processor;

    /// <summary>Creates an emulator with the default options.</summary>
    public WeChatEmulator()
        : this(new WeChatEmulatorOptions())
    {
    }

    /// <summary>Creates an emulator.</summary>
    /// <param name="options">How it behaves.</param>
    public WeChatEmulator(WeChatEmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var time = options.TimeProvider ?? TimeProvider.System;
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger<WeChatEmulator>() ?? NullLogger.Instance;
        var moderator = new ContentModerator(options);
        _tokens = new TokenStore(time, options);
        _quotas = new QuotaTracker(time, options);
        _faults = new FaultInjector(options.FaultSeed);
        _fetcher = new MediaFetcher(options);
        _pushes = new PushDispatcher(options, time, moderator, _fetcher, logger);
        _processor = new RequestProcessor(options, time, _tokens, _quotas, _faults, moderator, _pushes, _recorder, logger);
    }

    /// <summary>A valid 2x2 PNG that the emulator always finds risky (errcode 87014; v2 label <see cref="WeChatEmulatorOptions.RiskyMediaLabel"/>).</summary>
    public static ReadOnlyMemory<byte> RiskyTestImage => TestImages.Risky;

    /// <summary>A valid 2x2 PNG that passes (unless its hash is added to <see cref="WeChatEmulatorOptions.RiskyMediaSha256"/>).</summary>
    public static ReadOnlyMemory<byte> SafeTestImage => TestImages.Safe;

    /// <summary>The options the emulator was created with; push settings may still be changed.</summary>
    public WeChatEmulatorOptions Options { get; }

    /// <summary>Every request received since creation or the last <see cref="Reset"/>, oldest first (a snapshot).</summary>
    public IReadOnlyList<WeChatEmulatorRequest> Requests => _recorder.Requests;

    /// <summary>Every verdict push finished since creation or the last <see cref="Reset"/>, oldest first (a snapshot).</summary>
    public IReadOnlyList<WeChatEmulatorPush> Pushes => _pushes.Pushes;

    /// <summary>Accepted media checks whose push delay has not yet elapsed.</summary>
    public int PendingMediaChecks => _pushes.PendingCount;

    /// <summary>
    /// Creates a handler that answers requests in process, whatever their host: give it to an <see cref="HttpClient"/>
    /// (with any base address, for example <c>https://api.weixin.qq.com</c>). Disposing the handler leaves the emulator as is.
    /// </summary>
    /// <returns>A new handler.</returns>
    public HttpMessageHandler CreateHandler() => new EmulatorHttpMessageHandler(this);

    /// <summary>How many requests an endpoint received (including refused and faulted ones).</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The count since creation or the last <see cref="Reset"/>.</returns>
    public int GetCallCount(WeChatEmulatorEndpoint endpoint) => _recorder.Count(endpoint);

    /// <summary>
    /// Issues a valid access token without a request, for tests that call the check endpoints directly. Unlike
    /// <c>/cgi-bin/token</c>, it does not retire any other token.
    /// </summary>
    /// <returns>The token.</returns>
    public string IssueAccessToken() => _tokens.IssueIndependentToken();

    /// <summary>Serves <paramref name="content"/> when a media check downloads <paramref name="url"/>. Kept across <see cref="Reset"/>.</summary>
    /// <param name="url">The media URL a client will submit.</param>
    /// <param name="content">The file's bytes (copied).</param>
    public void RegisterMedia(Uri url, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(url);
        _fetcher.Register(url, content.ToArray());
    }

    /// <summary>Makes the next <paramref name="count"/> calls fail with <paramref name="fault"/>.</summary>
    /// <param name="fault">The failure.</param>
    /// <param name="count">How many calls. Default 1.</param>
    /// <param name="endpoint">Only calls to this endpoint; null for any endpoint.</param>
    public void FailNext(WeChatEmulatorFault fault, int count = 1, WeChatEmulatorEndpoint? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _faults.AddCounted(fault, count, endpoint);
    }

    /// <summary>
    /// Makes a share of calls fail with <paramref name="fault"/>, picked by a random source seeded with
    /// <see cref="WeChatEmulatorOptions.FaultSeed"/>, so the same calls fail on every run.
    /// </summary>
    /// <param name="fault">The failure.</param>
    /// <param name="fraction">The share of calls, from 0 to 1.</param>
    /// <param name="endpoint">Only calls to this endpoint; null for any endpoint.</param>
    public void FailFraction(WeChatEmulatorFault fault, double fraction, WeChatEmulatorEndpoint? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1d);
        _faults.AddFraction(fault, fraction, endpoint);
    }

    /// <summary>Removes every injected fault and reseeds the fraction faults' random source.</summary>
    public void ClearFaults() => _faults.Clear(Options.FaultSeed);

    /// <summary>
    /// Waits until the verdict of a media check has been pushed (or failed to be). With a manual clock, advance it past
    /// <see cref="WeChatEmulatorOptions.MediaCheckDelay"/> first.
    /// </summary>
    /// <param name="traceId">The <c>trace_id</c> that <c>media_check_async</c> answered.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The push.</returns>
    /// <exception cref="ArgumentException">No media check with this trace id was accepted since creation or the last <see cref="Reset"/>.</exception>
    public Task<WeChatEmulatorPush> WaitForPushAsync(string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(traceId);
        return _pushes.WaitAsync(traceId, cancellationToken);
    }

    /// <summary>
    /// Sends WeChat's push-URL check, as the mini program console does when the URL is saved: a GET with
    /// <c>signature</c>, <c>timestamp</c>, <c>nonce</c> and <c>echostr</c>, which the application must echo back.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the application answered 2xx with exactly the <c>echostr</c>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="WeChatEmulatorOptions.PushUrl"/> is not set.</exception>
    public Task<bool> VerifyPushUrlAsync(CancellationToken cancellationToken = default) => _pushes.VerifyUrlAsync(cancellationToken);

    /// <summary>
    /// Forgets everything that happened: tokens, quotas used, counters, the request log, pushes (pending ones are
    /// cancelled) and faults. Options and registered media stay.
    /// </summary>
    public void Reset()
    {
        _tokens.Clear();
        _quotas.Clear();
        _recorder.Clear();
        _pushes.Clear();
        ClearFaults();
    }

    /// <summary>Cancels pending pushes and releases the emulator's own HTTP clients.</summary>
    public void Dispose()
    {
        _pushes.Dispose();
        _fetcher.Dispose();
    }

    internal Task<EmulatorResponse> ProcessAsync(EmulatorRequest request, CancellationToken cancellationToken) =>
        _processor.ProcessAsync(request, cancellationToken);
}
