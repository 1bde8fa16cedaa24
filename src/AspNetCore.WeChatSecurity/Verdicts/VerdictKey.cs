using System.Globalization;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Identifies a verdict: the seeded hash of the content, its kind, the API version and the scene (0 where the API
/// takes none). The openid is deliberately absent: a verdict is about the content, not about who sent it.
/// </summary>
internal readonly record struct VerdictKey(UInt128 Hash, ContentKind Kind, int Version, int Scene)
{
    /// <summary>The kind as keys, logs and metrics spell it: <c>text</c>, <c>image</c> or <c>audio</c>.</summary>
    public string KindName => ContentKindNames.Of(Kind);

    /// <summary>True when both keys name the same verdict.</summary>
    public bool Equals(VerdictKey other) => Hash == other.Hash && Kind == other.Kind && Version == other.Version && Scene == other.Scene;

    /// <summary>
    /// The hash's own low bits: it is already a seeded xxHash or a SHA-256, uniform, so mixing it again (as the
    /// generated hash would, field by field) adds cost to every lookup and nothing else. Without an AppSecret the keys
    /// can be computed outside (SHA-256 of a prefix derived from the public AppId), so content could be crafted to
    /// share a bucket; each such entry costs its sender a WeChat check, and the cache holds at most Cache:MaxEntries.
    /// </summary>
    public override int GetHashCode() => (int)(ulong)Hash;

    /// <summary>Safe to log and to use as a distributed cache key: it holds no content, only its seeded hash.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{KindName}:v{Version}:s{Scene}:{Hash:x32}");
}
