namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>A verdict in the memory level, with the moment it stops being valid on the <see cref="ExpiryClock"/>.</summary>
/// <remarks>A struct, stored inline in the cache's own item: a cached verdict costs no object of ours besides the verdict.</remarks>
internal readonly record struct MemoryEntry(WeChatVerdict Verdict, long ExpiresAt);
