using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Every <see cref="WeChatMediaCheckOptions.SweepInterval"/> (on the application's <see cref="TimeProvider"/>): checks
/// past their deadline and grace period are submitted again, up to <see cref="WeChatMediaCheckOptions.MaxResubmissions"/>,
/// then delivered as timed out; decided checks whose delivery failed, or whose server died while delivering, are
/// delivered again; delivered checks past their retention, and kept media past its expiry, are removed.
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
            if (record.ClaimedUntil > now)
            {
                continue;
            }

            if (record.Result is { } decided)
            {
                await delivery.DeliverAsync(record, decided, cancellationToken);
            }
            else if (record.Submissions <= settings.MaxResubmissions)
            {
                await ResubmitAsync(record, now, cancellationToken);
            }
            else
            {
                MediaCheckLog.TimedOut(logger, record.TraceId, record.Submissions);
                await delivery.DeliverAsync(record, TimedOut(record, now), cancellationToken);
            }
        }

        await store.RemoveDeliveredAsync(now, cancellationToken);
        keptMedia.RemoveExpired(now);
    }

    /// <summary>
    /// Holds the check while WeChat is asked again, so that a push arriving meanwhile waits (and is retried by WeChat)
    /// rather than being delivered while the new trace id is not yet recorded. When WeChat is unreachable it is tried
    /// again later; when the media cannot be submitted again (refused, or kept bytes lost to a restart) the time-out
    /// is delivered at once.
    /// </summary>
    private async Task ResubmitAsync(WeChatMediaCheckRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = MediaCheckDelivery.Held(record, now);
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
