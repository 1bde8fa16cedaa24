namespace AspNetCore.WeChatSecurity.Api;

/// <summary>A verdict from <c>msg_sec_check</c> or <c>img_sec_check</c>.</summary>
/// <param name="Suggestion">Pass, review or risky (v1: errcode 0 is pass, 87014 is risky).</param>
/// <param name="ErrorCode">WeChat's errcode: 0 or 87014.</param>
/// <param name="ErrorMessage">WeChat's errmsg.</param>
/// <param name="TraceId">v2's trace id, when WeChat sent one.</param>
/// <param name="Label">v2's label (100 normal, 20001 politics...), when WeChat sent one.</param>
/// <param name="Details">v2's per-strategy details; empty for v1.</param>
internal sealed record WeChatCheckResult(
    WeChatSuggestion Suggestion,
    int ErrorCode,
    string? ErrorMessage,
    string? TraceId,
    int? Label,
    IReadOnlyList<WeChatCheckDetail> Details);
