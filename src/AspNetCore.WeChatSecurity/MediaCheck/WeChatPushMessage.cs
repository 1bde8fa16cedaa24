namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The fields of a push, read from XML or JSON into one shape: top-level values by lower-case name, and v2's
/// <c>result</c> object. Names are matched case-insensitively because WeChat's own examples disagree on case.
/// </summary>
internal sealed class WeChatPushMessage
{
    public Dictionary<string, string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Result { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string name] => Fields.GetValueOrDefault(name);
}
