using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.Testing.Serialization;
using AspNetCore.WeChatSecurity.Testing.Verdicts;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Testing.Push;

/// <summary>
/// Runs accepted media checks after <see cref="WeChatEmulatorOptions.MediaCheckDelay"/> on the emulator's clock:
/// downloads the media, decides, and pushes the <c>wxa_media_check</c> event to the application, signed (and encrypted)
/// as the configured mode requires.
/// </summary>
internal sealed class PushDispatcher(
    WeChatEmulatorOptions options,
    TimeProvider time,
    ContentModerator moderator,
    MediaFetcher fetcher,
    ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WeChatEmulatorPush>> _completions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private readonly Lazy<HttpClient> _defaultClient = new(() => new HttpClient());
    private readonly Lock _gate = new();
    private readonly List<WeChatEmulatorPush> _pushes = [];
    private readonly Dictionary<string, MediaCheckJob> _unfinished = new(StringComparer.Ordinal);
    private CancellationTokenSource _stopping = new();

    public IReadOnlyList<WeChatEmulatorPush> Pushes
    {
        get
        {
            lock (_gate)
            {
                return [.. _pushes];
            }
        }
    }

    public int PendingCount => _timers.Count;

    /// <summary>
    /// Schedules the job, unless the same media (URL and type) is still being checked: WeChat answers such a repeat with
    /// 87020, so false tells the caller to do the same.
    /// </summary>
    public bool TrySchedule(MediaCheckJob job)
    {
        lock (_gate)
        {
            if (_unfinished.Values.Any(other => other.MediaType == job.MediaType && other.MediaUrl == job.MediaUrl))
            {
                return false;
            }

            _unfinished[job.TraceId] = job;
        }

        Completion(job.TraceId);
        var stopping = _stopping.Token;
        var timer = time.CreateTimer(_ => Run(job, stopping), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timers[job.TraceId] = timer;

        // Armed only once stored, so a zero delay on a real clock cannot fire before the timer can be found and disposed.
        timer.Change(options.MediaCheckDelay, Timeout.InfiniteTimeSpan);
        return true;
    }

    public Task<WeChatEmulatorPush> WaitAsync(string traceId, CancellationToken cancellationToken) =>
        _completions.TryGetValue(traceId, out var completion)
            ? completion.Task.WaitAsync(cancellationToken)
            : throw new ArgumentException("No media check with this trace id was accepted since the emulator was created or reset.", nameof(traceId));

    /// <summary>Sends WeChat's URL check (GET with <c>echostr</c>) and tells whether the application echoed it back.</summary>
    public async Task<bool> VerifyUrlAsync(CancellationToken cancellationToken)
    {
        var pushUrl = options.PushUrl ?? throw new InvalidOperationException("Set WeChatEmulatorOptions.PushUrl before verifying it.");
        var (timestamp, nonce) = NewTimestampAndNonce();
        var echo = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["signature"] = WeChatPushSignature.Compute(options.PushToken, timestamp, nonce),
            ["timestamp"] = timestamp,
            ["nonce"] = nonce,
            ["echostr"] = echo,
        };

        var handler = options.PushHandler;
        using var own = handler is null ? null : new HttpClient(handler, disposeHandler: false);
        var client = own ?? _defaultClient.Value;
        try
        {
            using var response = await client.GetAsync(new Uri(QueryHelpers.AddQueryString(pushUrl.AbsoluteUri, query)), cancellationToken);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(cancellationToken) == echo;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Clear()
    {
        var stopping = Interlocked.Exchange(ref _stopping, new CancellationTokenSource());
        stopping.Cancel();
        stopping.Dispose();
        foreach (var traceId in _timers.Keys)
        {
            if (_timers.TryRemove(traceId, out var timer))
            {
                timer.Dispose();
            }
        }

        foreach (var traceId in _completions.Keys)
        {
            if (_completions.TryRemove(traceId, out var completion))
            {
                completion.TrySetCanceled();
            }
        }

        lock (_gate)
        {
            _pushes.Clear();
            _unfinished.Clear();
        }
    }

    public void Dispose()
    {
        Clear();
        _stopping.Dispose();
        if (_defaultClient.IsValueCreated)
        {
            _defaultClient.Value.Dispose();
        }
    }

    private TaskCompletionSource<WeChatEmulatorPush> Completion(string traceId) =>
        _completions.GetOrAdd(traceId, static _ => new TaskCompletionSource<WeChatEmulatorPush>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Run(MediaCheckJob job, CancellationToken cancellationToken)
    {
        if (_timers.TryRemove(job.TraceId, out var timer))
        {
            timer.Dispose();
        }

        _ = RunAsync(job, cancellationToken);
    }

    private async Task RunAsync(MediaCheckJob job, CancellationToken cancellationToken)
    {
        try
        {
            var push = await ExecuteAsync(job, cancellationToken);
            lock (_gate)
            {
                _pushes.Add(push);
                _unfinished.Remove(job.TraceId);
            }

            Completion(job.TraceId).TrySetResult(push);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Completion(job.TraceId).TrySetCanceled(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (_gate)
            {
                _unfinished.Remove(job.TraceId);
            }

            logger.PushCrashed(ex, job.TraceId);
            Completion(job.TraceId).TrySetException(ex);
        }
    }

    private async Task<WeChatEmulatorPush> ExecuteAsync(MediaCheckJob job, CancellationToken cancellationToken)
    {
        var media = await fetcher.FetchAsync(job.MediaUrl, cancellationToken);
        if (media is null)
        {
            logger.MediaUnreachable(job.TraceId);
        }

        var verdict = media is null ? TextVerdict.Passed : moderator.CheckMedia(media);
        var format = options.PushFormat;
        var mode = options.PushMode;
        var message = CreateEvent(job, media is not null, verdict);
        var plain = PushMessageBuilder.Write(message, format);

        var (timestamp, nonce) = NewTimestampAndNonce();
        var query = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["signature"] = WeChatPushSignature.Compute(options.PushToken, timestamp, nonce),
            ["timestamp"] = timestamp,
            ["nonce"] = nonce,
        };

        var body = plain;
        if (mode != WeChatPushMode.Plaintext)
        {
            var encrypt = new WeChatPushCipher(options.EncodingAesKey, options.AppId).Encrypt(plain);
            query["encrypt_type"] = "aes";
            query["msg_signature"] = WeChatPushSignature.ComputeMessageSignature(options.PushToken, timestamp, nonce, encrypt);
            body = mode == WeChatPushMode.Safe
                ? PushMessageBuilder.WriteSafe(options.OriginalId, encrypt, format)
                : PushMessageBuilder.Write(message with { Encrypt = encrypt }, format);
        }

        var pushUrl = options.PushUrl;
        if (pushUrl is null)
        {
            return Record(job, media is not null, verdict, null, plain, body, 0, null, "No push URL is configured.");
        }

        var requestUri = new Uri(QueryHelpers.AddQueryString(pushUrl.AbsoluteUri, query));
        var mediaType = format == WeChatEmulatorPushFormat.Json ? "application/json" : "text/xml";
        var handler = options.PushHandler;
        using var own = handler is null ? null : new HttpClient(handler, disposeHandler: false);
        var client = own ?? _defaultClient.Value;

        var attempts = 0;
        int? status = null;
        string? error = null;
        do
        {
            attempts++;
            using var request = new HttpRequestMessage(HttpMethod.Post, requestUri)
            {
                Content = new StringContent(body, Encoding.UTF8, mediaType),
            };
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"The application answered HTTP {status}.";
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                status = null;
                error = ex.Message;
            }
        }
        while (error is not null && attempts <= options.PushRetries);

        if (error is null)
        {
            logger.PushDelivered(job.TraceId, verdict.Suggest, status ?? 0);
        }
        else
        {
            logger.PushFailed(job.TraceId, attempts, error);
        }

        return Record(job, media is not null, verdict, requestUri, plain, body, attempts, status, error);
    }

    private MediaCheckEventBody CreateEvent(MediaCheckJob job, bool fetched, TextVerdict verdict)
    {
        var common = new MediaCheckEventBody
        {
            ToUserName = options.OriginalId,
            FromUserName = job.OpenId ?? "o0000000000000000000emulator",
            CreateTime = time.GetUtcNow().ToUnixTimeSeconds(),
            AppId = options.AppId,
            TraceId = job.TraceId,
        };

        if (job.Version != 2)
        {
            return common with
            {
                IsRisky = verdict.IsRisky ? 1 : 0,
                ExtraInfoJson = string.Empty,
                StatusCode = fetched ? 0 : EmulatorErrors.MediaUnreachableStatusCode,
            };
        }

        // An undownloadable file has no verdict: WeChat reports only the error, and a receiver must cope with no result.
        return fetched
            ? common with
            {
                Version = 2,
                ErrorCode = 0,
                ErrorMessage = "ok",
                Result = new ResultBody(verdict.Suggest, verdict.Label),
                Detail = ContentModerator.Details(verdict, text: false),
            }
            : common with
            {
                Version = 2,
                ErrorCode = EmulatorErrors.MediaUnreachable,
                ErrorMessage = EmulatorErrors.Message(EmulatorErrors.MediaUnreachable),
            };
    }

    private (string Timestamp, string Nonce) NewTimestampAndNonce() => (
        time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture));

    private static WeChatEmulatorPush Record(
        MediaCheckJob job, bool fetched, TextVerdict verdict, Uri? requestUri, string message, string body, int attempts, int? status, string? error) =>
        new(job.TraceId, job.Version, job.MediaUrl, fetched, verdict.Suggest, verdict.Label, requestUri, message, body, attempts, status, error);
}
