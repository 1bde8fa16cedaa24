using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using AspNetCore.WeChatSecurity.LoadTests.Driver;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// The least a cache hit can do, as the issue states it: read the bound value, hash it, one dictionary lookup (here
/// xxHash128 over the string's UTF-16 code units, as the library's text keys are, and a
/// <see cref="ConcurrentDictionary{TKey,TValue}"/> holding the one comment the load tool sends). Behind a filter like the
/// library's, it tells how much of a hit's cost is the library's own beyond what any hit must pay.
/// </summary>
internal static class BareHit
{
    private static readonly ConcurrentDictionary<UInt128, bool> Rejected = new() { [Key(Requests.TypicalComment)] = false };

    /// <summary>True when the text's remembered verdict rejects it; a text never seen passes, as no answer would.</summary>
    public static bool Rejects(string? text) => text is not null && Rejected.TryGetValue(Key(text), out var rejected) && rejected;

    private static UInt128 Key(string text) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()), seed: 0x5EED);
}
