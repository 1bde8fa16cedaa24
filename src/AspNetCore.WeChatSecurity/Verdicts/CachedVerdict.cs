namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>A verdict read from the distributed cache, with the moment it stops being valid.</summary>
internal sealed record CachedVerdict(WeChatVerdict Verdict, DateTimeOffset ExpiresAt);
