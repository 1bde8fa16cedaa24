namespace AspNetCore.WeChatSecurity;

/// <summary>A verdict as a shared verdict cache keeps it: with the moment it stops being valid.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="ExpiresAt">When it stops being valid; its time to live depends on the suggestion.</param>
public sealed record WeChatCachedVerdict(WeChatVerdict Verdict, DateTimeOffset ExpiresAt);
