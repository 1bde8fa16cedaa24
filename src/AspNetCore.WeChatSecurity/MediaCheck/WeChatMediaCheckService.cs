using System.Collections.Concurrent;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.ApiVersions;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Submits media and records the pending check before answering. Bytes are kept and served by the media endpoint;
/// the same bytes join a pending check of them, or are answered from the verdict cache, instead of calling WeChat
/// again (which would answer 87020). A pending check holds at most
/// <see cref="WeChatMediaCheckOptions.MaxUploadsPerCheck"/> uploads: the next is submitted as a check of its own,
/// which later repeats join.
/// </summary>
internal sealed class WeChatMediaCheckService(
    IWeChatApiClient client,
    IWeChatMediaCheckStore store,
    KeptMediaStore keptMedia,
    MediaDownloadUrls downloadUrls,
    VerdictKeyFactory keys,
    VerdictCache verdictCache,
    MediaCheckDelivery delivery,
    IOptionsMonitor<WeChatSecurityOptions> options,
    TimeProvider time,
    ILogger<WeChatMediaCheckService> logger) : IWeChatMediaCheck
{
    private const int MaxConflicts = 8;

    // Read once, as the token provider reads it: the checks are submitted for the app the application started as.
    private readonly string? _appId = options.CurrentValue.AppId;

    // Concurrent submissions of the same bytes in this process wait for the first one's record, then join it.
    private readonly ConcurrentDictionary<string, Task<WeChatMediaCheckRecord>> _submitting = new(StringComparer.Ordinal);

    public async Task<WeChatPendingCheck> SubmitAsync(string correlationId, Uri mediaUrl, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationId);
        ArgumentNullException.ThrowIfNull(mediaUrl);
        if (!mediaUrl.IsAbsoluteUri || (mediaUrl.Scheme != Uri.UriSchemeHttp && mediaUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("WeChat downloads the media itself: give an absolute http or https address it can reach.", nameof(mediaUrl));
        }

        RequireDefined(mediaType);
        var (version, scene, openId) = Resolve(context);
        var now = time.GetUtcNow();
        var submission = await client.SubmitMediaCheckAsync(new MediaCheckRequest(mediaUrl, mediaType, version, scene, openId), cancellationToken);
        var record = NewRecord(submission.TraceId, correlationId, mediaType, mediaUrl, mediaKey: null, version, scene, openId, now);
        await AddAsync(record, cancellationToken);
        return View(record, correlationId, joined: false);
    }

    public async Task<WeChatPendingCheck> SubmitAsync(string correlationId, Stream media, WeChatMediaType mediaType, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationId);
        ArgumentNullException.ThrowIfNull(media);
        RequireDefined(mediaType);
        var (version, scene, openId) = Resolve(context);
        var bytes = await ReadBoundedAsync(media, cancellationToken);
        var verdictKey = keys.ForMedia(bytes, mediaType);
        var mediaKey = MediaKeys.From(verdictKey);

        // Only a lost race counts: a full check means other uploads went on, and the next look finds the newer check.
        var conflicts = 0;
        while (conflicts < MaxConflicts)
        {
            if (await verdictCache.TryGetAsync(verdictKey) is { } verdict)
            {
                return await DeliverKnownAsync(correlationId, mediaType, mediaKey, version, verdict, cancellationToken);
            }

            WeChatMediaCheckRecord? full = null;
            if (await store.FindPendingByMediaKeyAsync(mediaKey, cancellationToken) is { } pending)
            {
                var join = await TryJoinAsync(pending, correlationId, cancellationToken);
                if (join == PendingJoin.Joined)
                {
                    return View(pending, correlationId, joined: true);
                }

                if (join == PendingJoin.Changed)
                {
                    conflicts++;
                    continue;
                }

                full = pending;
            }

            var mine = new TaskCompletionSource<WeChatMediaCheckRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = _submitting.GetOrAdd(mediaKey, mine.Task);
            if (first != mine.Task)
            {
                // Another request of this process is submitting the same bytes: join its record once it is stored.
                var submitted = await first.WaitAsync(cancellationToken);
                var join = await TryJoinAsync(submitted, correlationId, cancellationToken);
                if (join == PendingJoin.Joined)
                {
                    return View(submitted, correlationId, joined: true);
                }

                conflicts += join == PendingJoin.Changed ? 1 : 0;
                continue;
            }

            WeChatMediaCheckRecord record;
            try
            {
                record = await SubmitKeptAsync(correlationId, bytes, mediaType, mediaKey, version, scene, openId, cancellationToken);
                mine.SetResult(record);
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
                throw;
            }
            finally
            {
                _submitting.TryRemove(new KeyValuePair<string, Task<WeChatMediaCheckRecord>>(mediaKey, mine.Task));
            }

            if (full is not null)
            {
                MediaCheckLog.SubmittedPastFullCheck(logger, full.TraceId, options.CurrentValue.MediaCheck.MaxUploadsPerCheck, record.TraceId);
            }

            // Only once the check is stored and its joiners have it: WeChat's download of the kept bytes goes on regardless.
            cancellationToken.ThrowIfCancellationRequested();
            return View(record, correlationId, joined: false);
        }

        throw new InvalidOperationException("The pending check of this media kept changing while joining it; submit again.");
    }

    /// <summary>Submits the record's media again after a time-out; returns WeChat's new trace id.</summary>
    public async Task<string?> ResubmitAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var mediaUrl = record.MediaUrl;
        if (mediaUrl is null)
        {
            var expiresAt = Expiry(now);
            var token = record.MediaKey is { } mediaKey ? keptMedia.Renew(mediaKey, record.Id, expiresAt) : null;
            if (token is null)
            {
                return null;
            }

            mediaUrl = downloadUrls.Create(token, expiresAt);
        }

        var submission = await client.SubmitMediaCheckAsync(new MediaCheckRequest(mediaUrl, record.MediaType, record.ApiVersion, record.Scene, record.OpenId), cancellationToken);
        return submission.TraceId;
    }

    private async Task<WeChatMediaCheckRecord> SubmitKeptAsync(
        string correlationId, byte[] bytes, WeChatMediaType mediaType, string mediaKey, int version, WeChatScene scene, string? openId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = Expiry(now);

        // The record's id is known before WeChat's trace id: the bytes are kept for this check by it.
        var id = MediaCheckDelivery.NewId();
        var token = keptMedia.Keep(mediaKey, id, bytes, expiresAt);
        try
        {
            var mediaUrl = downloadUrls.Create(token, expiresAt);
            var submission = await client.SubmitMediaCheckAsync(new MediaCheckRequest(mediaUrl, mediaType, version, scene, openId), cancellationToken);
            var record = NewRecord(submission.TraceId, correlationId, mediaType, mediaUrl: null, mediaKey, version, scene, openId, now) with { Id = id };
            await StoreAsync(record);
            return record;
        }
        catch
        {
            // Nothing half-stored: bytes no check refers to would only wait for their expiry. Once the check is stored
            // they stay, whatever happens to the caller: WeChat downloads them. Bytes a full check of them still uses stay too.
            keptMedia.Release(mediaKey, id);
            throw;
        }
    }

    private async Task<PendingJoin> TryJoinAsync(WeChatMediaCheckRecord pending, string correlationId, CancellationToken cancellationToken)
    {
        var current = await store.FindByTraceIdAsync(pending.TraceId, cancellationToken);
        if (current is not { IsPending: true })
        {
            return PendingJoin.Changed;
        }

        if (current.CorrelationIds.Contains(correlationId, StringComparer.Ordinal))
        {
            return PendingJoin.Joined;
        }

        // Every join copies and rewrites the whole record: without a bound, repeats of one upload would cost the square of their number.
        if (current.CorrelationIds.Count >= options.CurrentValue.MediaCheck.MaxUploadsPerCheck)
        {
            return PendingJoin.Full;
        }

        var joined = current with { CorrelationIds = [.. current.CorrelationIds, correlationId], Revision = current.Revision + 1 };
        if (!await store.TryReplaceAsync(joined, cancellationToken))
        {
            return PendingJoin.Changed;
        }

        MediaCheckLog.JoinedPending(logger, current.TraceId);
        return PendingJoin.Joined;
    }

    private async Task<WeChatPendingCheck> DeliverKnownAsync(
        string correlationId, WeChatMediaType mediaType, string mediaKey, int version, WeChatVerdict verdict, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = MediaCheckDelivery.NewId();
        var traceId = "cached-" + id;
        var outcome = MediaCheckOutcomes.From(verdict.Suggestion);

        // Stored decided and due now: the handlers hear of it like of any other outcome, and a failing one is retried by the sweeper.
        var record = NewRecord(traceId, correlationId, mediaType, mediaUrl: null, mediaKey, version, WeChatScene.Comment, null, now) with
        {
            Id = id,
            DueAt = now,
            Result = new WeChatMediaCheckResult
            {
                Outcome = outcome,
                TraceId = traceId,
                AppId = _appId,
                Version = version,
                Label = verdict.Label,
                CreatedAt = now,
            },
        };
        await AddAsync(record, cancellationToken);
        MediaCheckLog.AnsweredFromCache(logger, outcome);
        _ = DeliverInBackgroundAsync(record);
        return View(record, correlationId, joined: false) with { KnownOutcome = outcome };
    }

    // Not awaited by the submitter; a failure here is retried by the sweeper, since the record stays decided and due.
    private async Task DeliverInBackgroundAsync(WeChatMediaCheckRecord record)
    {
        try
        {
            await delivery.DeliverAsync(record, record.Result!, CancellationToken.None);
        }
        catch (Exception exception)
        {
            MediaCheckLog.BackgroundDeliveryFailed(logger, record.TraceId, exception);
        }
    }

    private async Task AddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        await StoreAsync(record);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task StoreAsync(WeChatMediaCheckRecord record)
    {
        // Not the caller's token: WeChat is already checking, and a record it cannot find would deliver without correlation.
        if (!await store.TryAddAsync(record, CancellationToken.None))
        {
            throw new InvalidOperationException($"The media check store already holds trace id {record.TraceId}; WeChat does not reuse trace ids, so the store is shared with another application or corrupt.");
        }

        MediaCheckLog.Submitted(logger, record.TraceId, record.Id, record.Deadline);
    }

    private WeChatMediaCheckRecord NewRecord(
        string traceId, string correlationId, WeChatMediaType mediaType, Uri? mediaUrl, string? mediaKey, int version, WeChatScene scene, string? openId, DateTimeOffset now)
    {
        var settings = options.CurrentValue.MediaCheck;
        return new WeChatMediaCheckRecord
        {
            Id = MediaCheckDelivery.NewId(),
            TraceId = traceId,
            CorrelationIds = [correlationId],
            MediaType = mediaType,
            MediaUrl = mediaUrl,
            MediaKey = mediaKey,
            ApiVersion = version,
            Scene = scene,
            OpenId = openId,
            SubmittedAt = now,
            Deadline = now + settings.VerdictTimeout,
            DueAt = now + settings.DueAfterSubmission,
        };
    }

    private DateTimeOffset Expiry(DateTimeOffset now) => now + options.CurrentValue.MediaCheck.DueAfterSubmission;

    private static WeChatPendingCheck View(WeChatMediaCheckRecord record, string correlationId, bool joined) => new()
    {
        CorrelationId = correlationId,
        TraceId = record.TraceId,
        SubmittedAt = record.SubmittedAt,
        Deadline = record.Deadline,
        MediaType = record.MediaType,
        Joined = joined,
    };

    // The version and the scene are resolved as for text; v1 sends neither the scene nor the openid, so none is kept.
    private (int Version, WeChatScene Scene, string? OpenId) Resolve(WeChatCheckContext? context)
    {
        var settings = options.CurrentValue;
        var version = ApiVersionSelector.ForMedia(context, settings);
        return (version, ApiVersionSelector.Scene(context, settings), version == 2 ? context!.OpenId : null);
    }

    private static void RequireDefined(WeChatMediaType mediaType)
    {
        if (!Enum.IsDefined(mediaType))
        {
            throw new ArgumentOutOfRangeException(nameof(mediaType), mediaType, "Use WeChatMediaType.Audio or WeChatMediaType.Image.");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream media, CancellationToken cancellationToken)
    {
        const long Limit = WeChatMediaCheckOptions.MaxMediaBytes;
        var read = await BoundedStreamReader.ReadAsync(media, Limit, cancellationToken);
        if (Refusal(read.Length) is { } refused)
        {
            throw refused;
        }

        return read.ToArray();
    }

    /// <summary>
    /// Why media of <paramref name="length"/> bytes cannot be submitted (empty, or over what WeChat checks), or null:
    /// here, and where the filters refuse an upload before any check or submission of its request.
    /// </summary>
    public static WeChatInvalidContentException? Refusal(long length) => length switch
    {
        > WeChatMediaCheckOptions.MaxMediaBytes => new(WeChatInvalidContentReason.TooLarge, $"The media is larger than {WeChatMediaCheckOptions.MaxMediaBytes} bytes, the most WeChat checks."),
        0 => new(WeChatInvalidContentReason.Unreadable, "The media is empty: there is nothing to check."),
        _ => null,
    };
}
