using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Every <see cref="WeChatMediaCheckOptions.SweepInterval"/> (on the application's <see cref="TimeProvider"/>): checks
/// past their deadline and grace period are submitted again, up to <see cref="WeChatMediaCheckOptions.MaxResubmissions"/>,
/// then delivered as timed out; decided checks whose delivery failed, or whose server died while delivering, are
/// delivered again; delivered checks past their retention, and kept media past its expiry, are removed. A check that
/// fails to be handled (its store write, its delivery or its resubmission throws) is logged and tried again after
/// <see cref="WeChatMediaCheckOptions.DeliveryRetryDelay"/>; the sweep goes on with the next check.
/// </summary>
internal sealed class MediaCheckSweeper(
    IWeChatMediaCheckStore store,
    MediaCheckDelivery delivery,
    WeChatMediaCheckService submitter,
    KeptMediaStore keptMedia,
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
        if (!await store.TryLeaseSweepAsync(_interval, cancellationToken))
        {
            return;
        }

        var settings = options.CurrentValue.MediaCheck;
        var now = time.GetUtcNow();
        foreach (var record in await store.GetDueAsync(now, BatchSize, cancellationToken))
        {
            // A stopping host ends the sweep between records; handlers see the token too, but their failure is caught.
            cancellationToken.ThrowIfCancellationRequested();
            if (record.ClaimedUntil > now)
            {
                continue;
            }

            try
            {
                await SweepOneAsync(record, settings, now, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The due list starts with the same record next time: failing the sweep here would stall every record
                // behind it for good.
                MediaCheckLog.RecordSweepFailed(logger, record.TraceId, exception);
                await PostponeAsync(record);
            }
        }

        await store.RemoveDeliveredAsync(now, cancellationToken);
        keptMedia.RemoveExpired(now);
    }

    private async Task SweepOneAsync(WeChatMediaCheckRecord record, WeChatMediaCheckOptions settings, DateTimeOffset now, CancellationToken cancellationToken)
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
    /// Moves a record whose handling failed behind the records due now, by
    /// <see cref="WeChatMediaCheckOptions.DeliveryRetryDelay"/>, so that a record that keeps failing is tried once per
    /// delay and can never fill the batch ahead of the others. A compare-and-set against the record as the sweep read
    /// it: when the failed attempt changed it already (a hold released for a retry, which postpones it as well) or
    /// another server did, it is left as it is.
    /// </summary>
    private async Task PostponeAsync(WeChatMediaCheckRecord record)
    {
        try
        {
            var retryAt = time.GetUtcNow() + options.CurrentValue.MediaCheck.DeliveryRetryDelay;
            await store.TryReplaceAsync(record with { DueAt = retryAt, Revision = record.Revision + 1 }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // A store that cannot write this record keeps it first in the list; the rest of the sweep still goes on.
            MediaCheckLog.PostponeFailed(logger, record.TraceId, exception);
        }
    }

    /// <summary>
    /// Holds the check while WeChat is asked again, so that a push arriving meanwhile waits (and is retried by WeChat)
    /// rather than being delivered while the new trace id is not yet recorded. When WeChat is unreachable it is tried
    /// again later; when the media cannot be submitted again (refused, or kept bytes lost to a restart) the time-out
    /// is delivered at once.
    /// </summary>
    private async Task ResubmitAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
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
        if (!await store.TryReplaceAsync(next, CancellationToken.None))
        {
            return;
        }

        if (traceId is null)
        {
            MediaCheckLog.TimedOut(logger, next.TraceId, held.Submissions);
            await delivery.DeliverAsync(next, TimedOut(next, after), cancellationToken);
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
