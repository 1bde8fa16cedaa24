using AspNetCore.WeChatSecurity;

namespace CommentsApi.Voice;

/// <summary>
/// Receives every voice message's outcome once, whether WeChat pushed it or it timed out, and publishes or removes the
/// message it belongs to (found by the correlation id it was submitted under).
/// </summary>
public sealed class VoiceVerdicts(VoiceMessageBoard board) : IWeChatMediaCheckResultHandler
{
    public Task HandleAsync(WeChatMediaCheckResult result, CancellationToken cancellationToken)
    {
        if (result.CorrelationId is not { } id)
        {
            // A verdict for a check this server does not know (the library logs it): no message to update.
            return Task.CompletedTask;
        }

        var status = result.Outcome switch
        {
            WeChatMediaCheckOutcome.Pass => "published",
            WeChatMediaCheckOutcome.Risky => "removed",
            WeChatMediaCheckOutcome.DownloadFailed => "upload-again",

            // Review, and no verdict in time: a person decides.
            _ => "held-for-review",
        };
        board.Save(new VoiceMessage(id, status, result.Outcome == WeChatMediaCheckOutcome.Risky ? result.Label : null));
        return Task.CompletedTask;
    }
}
