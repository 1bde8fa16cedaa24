using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Every <see cref="WeChatMediaCheckOptions.SweepInterval"/> (on the application's <see cref="TimeProvider"/>): checks
/// past their deadline and grace period are submitted again, up to <see cref="WeChatMediaCheckOptions.MaxResubmissions"/>,
/// then delivered as timed out; decided checks whose delivery failed, or whose server died while delivering, are
/// delivered again; delivered checks past their retention are removed. One instance of a farm sweeps at a time (the
/// store's lease), but each removes its own kept media past its expiry. A check that
/// fails to be handled (its store write, its delivery or its resubmission throws) is logged and tried again after
/// <see cref="WeChatMediaCheckOptions.DeliveryRetryDelay"/>, doubling while it keeps failing (<see cref="SweepFailures"/>);
/// the sweep goes on with the next check.
/// </summary>
internal sealed class MediaCheckSweeper(
    IWeChatMediaCheckStore store,
    MediaCheckDelivery delivery,
    WeChatMediaCheckService submitter,
    KeptMediaStore keptMedia,
    SweepFailures failures,
    UnrecordedResubmissions resubmissions,
    IOptionsMonitor<WeChatSecurityOptions> options,
    TimeProvider time,
    ILogger<MediaCheckSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Fixed at start: it is the timer's period, and the sweep lease must last as long as the period it covers.
    private readonly TimeSpan _interval = options.CurrentValue.MediaCheck.SweepInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                MediaCheckLog.SweepFailed(logger, exception);
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        // The trace ids WeChat accepted that the store could not take are in this instance's memory alone: each instance
        // writes its own, whether or not it holds the lease, so that a push reaching another instance finds its check.
        await StoreResubmissionsAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (!await store.TryLeaseSweepAsync(_interval, cancellationToken))
        {
            // The kept bytes are this instance's own (WeChat downloads them from the instance that took the upload), and
            // only it can renew them for a resubmission: it lets go of its expired ones while another instance sweeps.
            keptMedia.RemoveExpired(now);
            return;
        }

        var settings = options.CurrentValue.MediaCheck;

        // Up to a batch of checks a sweep, besides those it passes over: checks still waiting for their retry after a
        // failure the store could not record, and checks whose resubmission is not stored yet. It asks the store for as
        // many more as it may pass over, so that those, first in the due list, never keep the others out of the sweep.
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        while (attempted.Count < BatchSize)
        {
            var limit = BatchSize + attempted.Count + failures.Waiting(now) + resubmissions.Count;
            var due = await store.GetDueAsync(now, limit, cancellationToken);
            var attemptedBefore = attempted.Count;
            foreach (var record in due)
            {
                // A stopping host ends the sweep between records; handlers see the token too, but their failure is caught.
                cancellationToken.ThrowIfCancellationRequested();
                if (record.ClaimedUntil > now || failures.IsWaiting(record, now) || resubmissions.Contains(record.Id) || !attempted.Add(record.Id))
                {
                    continue;
                }

                await SweepOneAsync(record, settings, now, cancellationToken);
                if (attempted.Count >= BatchSize)
                {
                    break;
                }
            }

            // Everything due was seen, or the page held nothing new (every check in it passed over or handled already).
            if (due.Count < limit || attempted.Count == attemptedBefore)
            {
                break;
            }
        }

        // After the resubmissions, which renew the kept bytes of the checks they submit again; before the store's removal,
        // so that a store failing there does not keep expired bytes too.
        keptMedia.RemoveExpired(now);
        await store.RemoveDeliveredAsync(now, cancellationToken);
    }

    /// <summary>
    /// Handles one due check. A failure costs this check alone: it is logged (in full the first time, then at Debug while
    /// it keeps failing), postponed in the store when the store can write it, and remembered so that a check the store
    /// cannot write is passed over until its retry time rather than tried again, first in the list, every sweep.
    /// </summary>
    private async Task SweepOneAsync(WeChatMediaCheckRecord record, WeChatMediaCheckOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await HandleAsync(record, settings, now, cancellationToken);
            failures.Succeeded(record.Id);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var (count, retryAt) = failures.Failed(record, exception, time.GetUtcNow(), settings.DeliveryRetryDelay);
            if (count == 1)
            {
                MediaCheckLog.RecordSweepFailed(logger, record.TraceId, exception);
            }
            else
            {
                MediaCheckLog.RecordSweepFailedAgain(logger, record.TraceId, count, retryAt, exception);
            }

            await PostponeAsync(record, retryAt, logFailure: count == 1);
        }
    }

    private async Task HandleAsync(WeChatMediaCheckRecord record, WeChatMediaCheckOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Result is { } decided)
        {
            await delivery.DeliverAsync(record, decided, cancellationToken);
        }
        else if (record.Submissions <= settings.MaxResubmissions)
        {
            await ResubmitAsync(record, cancellationToken);
        }
        else
        {
            MediaCheckLog.TimedOut(logger, record.TraceId, record.Submissions);
            await delivery.DeliverAsync(record, TimedOut(record, now), cancellationToken);
        }
    }

    /// <summary>
    /// Writes the resubmissions WeChat accepted in earlier sweeps whose new trace ids the store could not take then
    /// (<see cref="UnrecordedResubmissions"/>); a store that still cannot is logged like a failed check, and the check is
    /// passed over (never submitted again meanwhile) until the write succeeds.
    /// </summary>
    private async Task StoreResubmissionsAsync(CancellationToken cancellationToken)
    {
        foreach (var resubmitted in resubmissions.Snapshot())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await resubmissions.TryStoreAsync(resubmitted.Id))
                {
                    MediaCheckLog.ResubmissionStored(logger, resubmitted.TraceId, resubmitted.Id);
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                MediaCheckLog.ResubmissionStillNotStored(logger, resubmitted.TraceId, resubmitted.Id, exception);
            }
        }
    }

    /// <summary>
    /// Moves a record whose handling failed behind the records due now, to <paramref name="retryAt"/>, so that a record
    /// that keeps failing is tried once per delay and can never fill the batch ahead of the others. A compare-and-set
    /// against the record as the sweep read it: when the failed attempt changed it already (a hold released for a retry,
    /// which postpones it as well) or another server did, it is left as it is.
    /// </summary>
    private async Task PostponeAsync(WeChatMediaCheckRecord record, DateTimeOffset retryAt, bool logFailure)
    {
        try
        {
            await store.TryReplaceAsync(record with { DueAt = retryAt, Revision = record.Revision + 1 }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // A store that cannot write this record keeps it first in the list: SweepFailures passes over it until then.
            // Logged with the check's first failure only; the repeats are in RecordSweepFailedAgain.
            if (logFailure)
            {
                MediaCheckLog.PostponeFailed(logger, record.TraceId, exception);
            }
        }
    }

    /// <summary>
    /// Holds the check while WeChat is asked again, so that a push arriving meanwhile waits (and is retried by WeChat)
    /// rather than being delivered while the new trace id is not yet recorded; a push for the new trace id itself finds
    /// it in <see cref="UnrecordedResubmissions"/> until the store has it. When WeChat is unreachable it is tried
    /// again later; when the media cannot be submitted again (refused, or kept bytes lost to a restart) the time-out
    /// is delivered at once.
    /// </summary>
    private async Task ResubmitAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        // Its new trace id could not be remembered if the store failed to take it: a failure of this check, so that it is
        // logged and moved behind the others like any, and submitted again once there is room.
        if (resubmissions.IsFull)
        {
            throw new InvalidOperationException($"{UnrecordedResubmissions.MaxRemembered} trace ids WeChat accepted are waiting to be recorded in the media check store; no check is submitted again until it takes them.");
        }

        // From this moment, not the sweep's start: the checks before it in the batch may have taken longer than a hold.
        var held = delivery.Held(record, time.GetUtcNow());
        if (!await store.TryReplaceAsync(held, cancellationToken))
        {
            return;
        }

        string? traceId;
        try
        {
            traceId = await submitter.ResubmitAsync(held, cancellationToken);
        }
        catch (WeChatUnavailableException exception)
        {
            MediaCheckLog.ResubmissionFailed(logger, record.TraceId, exception);
            await delivery.ReleaseForRetryAsync(held);
            return;
        }
        catch (WeChatApiException exception)
        {
            MediaCheckLog.ResubmissionFailed(logger, record.TraceId, exception);
            traceId = null;
        }
        catch
        {
            // Anything else is not WeChat's answer (a bug, a record that cannot be submitted): let go of the hold for a
            // retry after the delay rather than keep the check until the hold lapses; the sweep logs it and goes on.
            await delivery.ReleaseForRetryAsync(held);
            throw;
        }

        var settings = options.CurrentValue.MediaCheck;
        var after = time.GetUtcNow();
        var next = traceId is null
            ? held with { ClaimedUntil = null, Submissions = int.MaxValue, Revision = held.Revision + 1 }
            : held with
            {
                TraceId = traceId,
                EarlierTraceIds = [.. held.EarlierTraceIds, held.TraceId],
                Submissions = held.Submissions + 1,
                Deadline = after + settings.VerdictTimeout,
                DueAt = after + settings.DueAfterSubmission,
                ClaimedUntil = null,
                Revision = held.Revision + 1,
            };
        if (traceId is null)
        {
            if (!await store.TryReplaceAsync(next, CancellationToken.None))
            {
                return;
            }

            MediaCheckLog.TimedOut(logger, next.TraceId, held.Submissions);
            await delivery.DeliverAsync(next, TimedOut(next, after), cancellationToken);
            return;
        }

        // WeChat has accepted the media: the new trace id is remembered before the store is asked to keep it, so that a
        // store that fails now loses nothing (UnrecordedResubmissions says why this order, and what it covers).
        resubmissions.Add(next);
        try
        {
            if (!await resubmissions.TryStoreAsync(next.Id))
            {
                return;
            }
        }
        catch (Exception exception)
        {
            MediaCheckLog.ResubmissionNotStored(logger, traceId, next.Id, exception);
            return;
        }

        MediaCheckLog.Resubmitted(logger, record.TraceId, traceId, next.Submissions);
    }

    private static WeChatMediaCheckResult TimedOut(WeChatMediaCheckRecord record, DateTimeOffset now) => new()
    {
        Outcome = WeChatMediaCheckOutcome.TimedOut,
        TraceId = record.TraceId,
        Version = record.ApiVersion,
        CreatedAt = now,
    };
}
