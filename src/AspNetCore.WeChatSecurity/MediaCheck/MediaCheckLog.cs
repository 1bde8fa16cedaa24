using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.MediaCheck;

internal static partial class MediaCheckLog
{
    [LoggerMessage(500, LogLevel.Information, "Received the media check verdict for trace {TraceId}: version {Version}, {Outcome}, errcode {ErrorCode}.", EventName = nameof(VerdictReceived))]
    public static partial void VerdictReceived(ILogger logger, string traceId, int version, WeChatMediaCheckOutcome outcome, int errorCode);

    [LoggerMessage(501, LogLevel.Warning, "Rejected a request to the WeChat push endpoint: {Reason}.", EventName = nameof(PushRejected))]
    public static partial void PushRejected(ILogger logger, string reason);

    [LoggerMessage(502, LogLevel.Debug, "Ignored a WeChat push for event {Event}.", EventName = nameof(PushIgnored))]
    public static partial void PushIgnored(ILogger logger, string @event);

    [LoggerMessage(503, LogLevel.Error, "A media check result handler failed for trace {TraceId}; the outcome stays undelivered and is delivered again.", EventName = nameof(HandlerFailed))]
    public static partial void HandlerFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(504, LogLevel.Information, "Submitted media for checking: trace {TraceId}, check {CheckId}, deadline {Deadline}.", EventName = nameof(Submitted))]
    public static partial void Submitted(ILogger logger, string traceId, string checkId, DateTimeOffset deadline);

    [LoggerMessage(505, LogLevel.Information, "The same media is already pending under trace {TraceId}; the submission joined it without calling WeChat.", EventName = nameof(JoinedPending))]
    public static partial void JoinedPending(ILogger logger, string traceId);

    [LoggerMessage(506, LogLevel.Information, "The media was judged before ({Outcome}); answered from the verdict cache without calling WeChat.", EventName = nameof(AnsweredFromCache))]
    public static partial void AnsweredFromCache(ILogger logger, WeChatMediaCheckOutcome outcome);

    [LoggerMessage(507, LogLevel.Information, "Delivered the outcome {Outcome} of trace {TraceId} to the handlers for {Count} correlation id(s).", EventName = nameof(Delivered))]
    public static partial void Delivered(ILogger logger, WeChatMediaCheckOutcome outcome, string traceId, int count);

    [LoggerMessage(508, LogLevel.Debug, "The outcome of trace {TraceId} was delivered before; acknowledged WeChat's repeated push without calling the handlers.", EventName = nameof(AlreadyDelivered))]
    public static partial void AlreadyDelivered(ILogger logger, string traceId);

    [LoggerMessage(509, LogLevel.Warning, "Received a verdict for trace {TraceId}, which the media check store does not know (submitted elsewhere, or forgotten on a restart); delivering it without a correlation id.", EventName = nameof(UnknownTraceId))]
    public static partial void UnknownTraceId(ILogger logger, string traceId);

    [LoggerMessage(510, LogLevel.Warning, "No verdict for trace {TraceId} by its deadline; submitted the media again as trace {NewTraceId} (submission {Submission}).", EventName = nameof(Resubmitted))]
    public static partial void Resubmitted(ILogger logger, string traceId, string newTraceId, int submission);

    [LoggerMessage(511, LogLevel.Warning, "No verdict for trace {TraceId} after {Submissions} submission(s); delivering a time-out.", EventName = nameof(TimedOut))]
    public static partial void TimedOut(ILogger logger, string traceId, int submissions);

    [LoggerMessage(512, LogLevel.Warning, "Could not submit trace {TraceId}'s media again; trying later.", EventName = nameof(ResubmissionFailed))]
    public static partial void ResubmissionFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(513, LogLevel.Error, "The media check sweep failed; it runs again at the next interval.", EventName = nameof(SweepFailed))]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(514, LogLevel.Debug, "Refused a media download: the signature is wrong, expired or the media is gone.", EventName = nameof(DownloadRefused))]
    public static partial void DownloadRefused(ILogger logger);

    [LoggerMessage(515, LogLevel.Warning, "Delivering the cached outcome of check {TraceId} failed; the sweeper delivers it again.", EventName = nameof(BackgroundDeliveryFailed))]
    public static partial void BackgroundDeliveryFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(516, LogLevel.Error, "The media of field {Field} could not be submitted as it should be (a configuration or caller error, not an outage); answered 503, so the action did not run.", EventName = nameof(SubmissionFailed))]
    public static partial void SubmissionFailed(ILogger logger, string field, Exception exception);

    [LoggerMessage(517, LogLevel.Error, "The sweep could not handle the media check of trace {TraceId}; it goes on with the next check and tries this one again after the delivery retry delay.", EventName = nameof(RecordSweepFailed))]
    public static partial void RecordSweepFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(518, LogLevel.Warning, "Could not postpone the media check of trace {TraceId} after its failure; it stays first among the due checks.", EventName = nameof(PostponeFailed))]
    public static partial void PostponeFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(519, LogLevel.Warning, "Could not let go of the hold on the media check of trace {TraceId} after a failure; it is tried again when the hold lapses.", EventName = nameof(ReleaseFailed))]
    public static partial void ReleaseFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(520, LogLevel.Error, "The push for trace {TraceId} belongs to a stored check that cannot be read (the store logs it as UnreadableRecord, with its record id); it is not acknowledged, so WeChat sends it again. Repair or delete that record.", EventName = nameof(PushForUnreadableCheck))]
    public static partial void PushForUnreadableCheck(ILogger logger, string traceId);

    [LoggerMessage(521, LogLevel.Debug, "The media check of trace {TraceId} failed again ({Failures} failures in a row); it is tried again at {RetryAt}.", EventName = nameof(RecordSweepFailedAgain))]
    public static partial void RecordSweepFailedAgain(ILogger logger, string traceId, int failures, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(522, LogLevel.Error, "WeChat accepted the media of check {CheckId} again as trace {TraceId}, but the store could not record it; the sweeper writes it again, without submitting the media again, and a push for it reaching this server is not acknowledged until it is stored.", EventName = nameof(ResubmissionNotStored))]
    public static partial void ResubmissionNotStored(ILogger logger, string traceId, string checkId, Exception exception);

    [LoggerMessage(523, LogLevel.Debug, "The store still cannot record trace {TraceId} of check {CheckId}; the next sweep tries again.", EventName = nameof(ResubmissionStillNotStored))]
    public static partial void ResubmissionStillNotStored(ILogger logger, string traceId, string checkId, Exception exception);

    [LoggerMessage(524, LogLevel.Information, "Recorded trace {TraceId} of check {CheckId}, which WeChat had accepted while the store could not record it.", EventName = nameof(ResubmissionStored))]
    public static partial void ResubmissionStored(ILogger logger, string traceId, string checkId);

    [LoggerMessage(525, LogLevel.Information, "A request carries {Count} files for {Fields} to submit for media checks, over the limit of {Limit}; answered 413 without a submission.", EventName = nameof(TooManyFiles))]
    public static partial void TooManyFiles(ILogger logger, int count, IEnumerable<string> fields, int limit);

    [LoggerMessage(526, LogLevel.Information, "The same media is pending under trace {TraceId}, which holds the {Limit} uploads MediaCheck:MaxUploadsPerCheck allows; submitted it again as a check of its own, trace {NewTraceId}, which later repeats join.", EventName = nameof(SubmittedPastFullCheck))]
    public static partial void SubmittedPastFullCheck(ILogger logger, string traceId, int limit, string newTraceId);
}
