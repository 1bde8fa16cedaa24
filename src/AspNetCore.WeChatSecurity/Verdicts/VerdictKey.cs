using System.Globalization;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Identifies a verdict: the seeded hash of the content, its kind, the API version and the scene (0 where the API
/// takes none). The openid is deliberately absent: a verdict is about the content, not about who sent it.
/// </summary>
internal readonly record struct VerdictKey(UInt128 Hash, ContentKind Kind, int Version, int Scene)
{
    /// <summary>The kind as keys, logs and metrics spell it: <c>text</c>, <c>image</c> or <c>audio</c>.</summary>
    public string KindName => Kind switch { ContentKind.Text => "text", ContentKind.Audio => "audio", _ => "image" };

    /// <summary>Safe to log and to use as a distributed cache key: it holds no content, only its seeded hash.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{KindName}:v{Version}:s{Scene}:{Hash:x32}");
}
