namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Who published the content and where: decides between v1 and v2 of the text and the media check alike, and fills
/// v2's fields.
/// </summary>
public sealed record WeChatCheckContext
{
    /// <summary>The scene; null uses <see cref="WeChatSecurityOptions.DefaultScene"/>.</summary>
    public WeChatScene? Scene { get; init; }

    /// <summary>The publishing user's openid; with <see cref="WeChatApiVersion.Auto"/>, its presence selects v2.</summary>
    public string? OpenId { get; init; }

    /// <summary>Overrides <see cref="WeChatSecurityOptions.TextVersion"/> for this check, text or media.</summary>
    public WeChatApiVersion? TextVersion { get; init; }

    /// <summary>v2's optional <c>title</c>.</summary>
    public string? Title { get; init; }

    /// <summary>v2's optional <c>nickname</c>.</summary>
    public string? Nickname { get; init; }

    /// <summary>v2's optional <c>signature</c> (scene <see cref="WeChatScene.Profile"/> only).</summary>
    public string? Signature { get; init; }
}
