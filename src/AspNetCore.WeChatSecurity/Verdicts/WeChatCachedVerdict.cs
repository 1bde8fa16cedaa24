namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>A verdict as the shared level keeps it: with the moment it stops being valid.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="ExpiresAt">When it stops being valid; its time to live depends on the suggestion.</param>
internal sealed record WeChatCachedVerdict(WeChatVerdict Verdict, DateTimeOffset ExpiresAt);
