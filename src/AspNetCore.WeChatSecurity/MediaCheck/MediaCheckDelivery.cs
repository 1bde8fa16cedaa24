using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Hands a check's outcome to the handlers exactly once per correlation id, whichever server or request gets there
/// first. Every step is a compare-and-set on the stored record: claim it (so no one else calls the handlers
/// meanwhile), record each correlation id as it is delivered, then mark it delivered. A failed handler releases the
/// claim, so WeChat's retry or the sweeper delivers what is left; a server that dies holding a claim loses it when
/// the claim expires.
/// </summary>
internal sealed class MediaCheckDelivery(
    IWeChatMediaCheckStore store,
    IServiceProvider services,
    KeptMediaStore keptMedia,
    UnrecordedResubmissions resubmissions,
    VerdictCache verdictCache,
    IOptionsMonitor<WeChatSecurityOptions> options,
    TimeProvider time,
    ILogger<MediaCheckDelivery> logger)
{
    private const int MaxConflicts = 8;

    /// <summary>Delivers a verdict WeChat pushed, matching it to its check by trace id.</summary>
    public async Task<DeliveryOutcome> DeliverPushAsync(WeChatMediaCheckResult pushed, CancellationToken cancellationToken)
    {
        var refusedAdd = false;
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var record = await store.FindByTraceIdAsync(pushed.TraceId, cancellationToken);
            if (record is null && refusedAdd)
            {
                // The store refused the trace id as taken, yet finds no record by it: the record that holds it cannot be
                // read (the store logged which). Not acknowledged, so that WeChat sends the verdict again once it is
                // repaired; recording it under a new record would take it from the check it belongs to.
                MediaCheckLog.PushForUnreadableCheck(logger, pushed.TraceId);
                return DeliveryOutcome.Unreadable;
            }

            if (record is null && resubmissions.FindRecordId(pushed.TraceId) is { } resubmittedId)
            {
                // WeChat accepted a resubmission whose trace id the store could not take yet: it is stored now, and the
                // push then finds its check. While the store still cannot, the push is not acknowledged (WeChat sends it
                // again) rather than taken for a check nobody knows.
                try
                {
                    if (await resubmissions.TryStoreAsync(resubmittedId))
                    {
                        MediaCheckLog.ResubmissionStored(logger, pushed.TraceId, resubmittedId);
                        continue;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    MediaCheckLog.ResubmissionStillNotStored(logger, pushed.TraceId, resubmittedId, exception);
                    return DeliveryOutcome.NotRecorded;
                }
            }

            if (record is null)
            {
                // Recorded before delivery, so that WeChat's retries of an unknown push are recognised like any other.
                var now = time.GetUtcNow();
                record = new WeChatMediaCheckRecord
                {
                    Id = NewId(),
                    TraceId = pushed.TraceId,
                    CorrelationIds = [],
                    MediaType = WeChatMediaType.Image,
                    ApiVersion = pushed.Version,
                    SubmittedAt = now,
                    Deadline = now,
                    Result = pushed,
                    DueAt = now,
                };
                if (!await store.TryAddAsync(record, cancellationToken))
                {
                    refusedAdd = true;
                    continue;
                }

                MediaCheckLog.UnknownTraceId(logger, pushed.TraceId);
            }

            var outcome = await DeliverAsync(record, pushed, cancellationToken);
            if (outcome != DeliveryOutcome.Busy || record.ClaimedUntil > time.GetUtcNow())
            {
                return outcome;
            }
        }

        return DeliveryOutcome.Busy;
    }

    /// <summary>
    /// Delivers the outcome of <paramref name="record"/> (as last read): its stored result, or
    /// <paramref name="decided"/> when it is still pending.
    /// </summary>
    public async Task<DeliveryOutcome> DeliverAsync(WeChatMediaCheckRecord record, WeChatMediaCheckResult decided, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (record.IsDelivered)
        {
            MediaCheckLog.AlreadyDelivered(logger, decided.TraceId);
            return DeliveryOutcome.AlreadyDelivered;
        }

        if (record.ClaimedUntil > now)
        {
            return DeliveryOutcome.Busy;
        }

        var result = record.Result ?? decided;
        var current = Held(record, now) with { Result = result };
        if (!await store.TryReplaceAsync(current, cancellationToken))
        {
            return DeliveryOutcome.Busy;
        }

        try
        {
            if (record.IsPending)
            {
                await OnDecidedAsync(current, result);
            }

            var targets = current.CorrelationIds.Count == 0 ? [null] : current.CorrelationIds.Select(static id => (string?)id).ToList();
            var handlers = services.GetServices<IWeChatMediaCheckResultHandler>().ToList();
            for (var index = current.DeliveredCount; index < targets.Count; index++)
            {
                try
                {
                    var delivery = result with { CorrelationId = targets[index] };
                    foreach (var handler in handlers)
                    {
                        await handler.HandleAsync(delivery, cancellationToken);
                    }
                }
                catch (Exception exception)
                {
                    MediaCheckLog.HandlerFailed(logger, result.TraceId, exception);
                    await ReleaseForRetryAsync(current);
                    return DeliveryOutcome.HandlerFailed;
                }

                var progressed = current with { DeliveredCount = index + 1, Revision = current.Revision + 1 };
                if (!await store.TryReplaceAsync(progressed, CancellationToken.None))
                {
                    return DeliveryOutcome.Busy;
                }

                current = progressed;
            }

            var deliveredAt = time.GetUtcNow();
            var delivered = current with
            {
                DeliveredAt = deliveredAt,
                ClaimedUntil = null,
                DueAt = deliveredAt + options.CurrentValue.MediaCheck.DeliveredRetention,
                Revision = current.Revision + 1,
            };
            if (!await store.TryReplaceAsync(delivered, CancellationToken.None))
            {
                return DeliveryOutcome.Busy;
            }

            MediaCheckLog.Delivered(logger, result.Outcome, result.TraceId, targets.Count);
            return DeliveryOutcome.Delivered;
        }
        catch
        {
            // Not a handler's failure (the store, the verdict cache): let go of the hold, so that the check is retried
            // after the delay rather than kept from everyone until the hold lapses.
            await ReleaseForRetryAsync(current);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="record"/> held by this server from <paramref name="now"/> for
    /// <see cref="WeChatMediaCheckOptions.DeliveryClaimDuration"/>: others leave it alone meanwhile, and the sweeper looks
    /// at it again when a holder that died lets the hold lapse.
    /// </summary>
    public WeChatMediaCheckRecord Held(WeChatMediaCheckRecord record, DateTimeOffset now)
    {
        var until = now + options.CurrentValue.MediaCheck.DeliveryClaimDuration;
        return record with { ClaimedUntil = until, DueAt = until, Revision = record.Revision + 1 };
    }

    /// <summary>
    /// Lets go of a <paramref name="held"/> check after a failure, for the sweeper to try again after
    /// <see cref="WeChatMediaCheckOptions.DeliveryRetryDelay"/>. Not the caller's token, and a lost race is fine: a
    /// hold that is not released lapses anyway. So a store that cannot write it is logged, not thrown: the caller reports
    /// the failure that made it let go, rather than this one in its place.
    /// </summary>
    public async Task ReleaseForRetryAsync(WeChatMediaCheckRecord held)
    {
        try
        {
            var retryAt = time.GetUtcNow() + options.CurrentValue.MediaCheck.DeliveryRetryDelay;
            await store.TryReplaceAsync(held with { ClaimedUntil = null, DueAt = retryAt, Revision = held.Revision + 1 }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            MediaCheckLog.ReleaseFailed(logger, held.TraceId, exception);
        }
    }

    public static string NewId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>
    /// Once a verdict is in, this check no longer needs the kept bytes (its URL stops working; the bytes go once no other
    /// pending check of them needs them), and a verdict about the content goes into the verdict cache so that the same
    /// bytes are not sent to WeChat again.
    /// </summary>
    private async Task OnDecidedAsync(WeChatMediaCheckRecord record, WeChatMediaCheckResult result)
    {
        if (record.MediaKey is not { } mediaKey)
        {
            return;
        }

        keptMedia.Release(mediaKey, record.Id);

        // A push that carries an error code (WeChat's system error, say) held the media for review without judging it:
        // cached, it would hold the same bytes for review, unchecked, until the entry expires.
        if (result.ErrorCode == WeChatErrorCodes.Ok
            && MediaCheckOutcomes.TryGetSuggestion(result.Outcome, out var suggestion)
            && MediaKeys.TryParse(mediaKey, out var key))
        {
            var errorCode = suggestion == WeChatSuggestion.Risky && result.Version < 2 ? WeChatErrorCodes.RiskyContent : WeChatErrorCodes.Ok;
            await verdictCache.AddAsync(key, new WeChatVerdict(suggestion, errorCode, result.Label, result.TraceId, FromCache: false));
        }
    }
}
