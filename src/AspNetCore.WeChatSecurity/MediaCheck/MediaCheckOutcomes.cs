namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// How a media check's outcome and a verdict's suggestion correspond, in one place, so that a pushed verdict, one
/// answered from the verdict cache and one put into it always agree.
/// </summary>
internal static class MediaCheckOutcomes
{
    /// <summary>The outcome of a verdict about the content; anything WeChat did not call a pass or risky is held for review.</summary>
    public static WeChatMediaCheckOutcome From(WeChatSuggestion suggestion) => suggestion switch
    {
        WeChatSuggestion.Pass => WeChatMediaCheckOutcome.Pass,
        WeChatSuggestion.Risky => WeChatMediaCheckOutcome.Risky,
        _ => WeChatMediaCheckOutcome.Review,
    };

    /// <summary>
    /// The suggestion of an outcome about the content; false for a failed download or a time-out, which say nothing
    /// about it and so must never be cached as a verdict.
    /// </summary>
    public static bool TryGetSuggestion(WeChatMediaCheckOutcome outcome, out WeChatSuggestion suggestion)
    {
        (var about, suggestion) = outcome switch
        {
            WeChatMediaCheckOutcome.Pass => (true, WeChatSuggestion.Pass),
            WeChatMediaCheckOutcome.Review => (true, WeChatSuggestion.Review),
            WeChatMediaCheckOutcome.Risky => (true, WeChatSuggestion.Risky),
            _ => (false, WeChatSuggestion.Review),
        };
        return about;
    }
}
