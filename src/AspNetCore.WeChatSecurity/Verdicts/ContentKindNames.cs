namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// How keys, logs and metrics spell a <see cref="ContentKind"/>: in one place, so that a metric's <c>kind</c> tag, a
/// logged key and a media key a store kept across a restart cannot come to spell a kind two ways.
/// </summary>
internal static class ContentKindNames
{
    /// <summary>The names, each at <see cref="IndexOf"/> of its kind.</summary>
    public static readonly string[] All = ["text", "image", "audio"];

    /// <summary>The kind's position in <see cref="All"/>.</summary>
    public static int IndexOf(ContentKind kind) => kind switch
    {
        ContentKind.Text => 0,
        ContentKind.Image => 1,
        _ => 2,
    };

    /// <summary>The kind's name: <c>text</c>, <c>image</c> or <c>audio</c>.</summary>
    public static string Of(ContentKind kind) => All[IndexOf(kind)];

    /// <summary>The kind <paramref name="name"/> spells, or null when it spells none.</summary>
    public static ContentKind? Parse(string name) => name switch
    {
        "text" => ContentKind.Text,
        "image" => ContentKind.Image,
        "audio" => ContentKind.Audio,
        _ => null,
    };
}
