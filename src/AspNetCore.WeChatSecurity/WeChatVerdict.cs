namespace AspNetCore.WeChatSecurity;

/// <summary>WeChat's verdict on one piece of content.</summary>
/// <param name="Suggestion">Pass, review or risky.</param>
/// <param name="ErrorCode">WeChat's errcode: 0, or 87014 for risky content.</param>
/// <param name="Label">v2's label (100 normal, 10001 ads, 20001 politics, 20002 porn...), when known.</param>
/// <param name="TraceId">WeChat's trace id, when it sent one.</param>
/// <param name="FromCache">True when the verdict came from the verdict cache and cost no WeChat call.</param>
public sealed record WeChatVerdict(WeChatSuggestion Suggestion, int ErrorCode, int? Label, string? TraceId, bool FromCache)
{
    /// <summary>True for <see cref="WeChatSuggestion.Pass"/>.</summary>
    public bool IsPass => Suggestion == WeChatSuggestion.Pass;
}
