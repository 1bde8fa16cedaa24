namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// What <see cref="MsgSecCheckAttribute"/> and <see cref="ImgSecCheckAttribute"/> have in common, so that one metadata
/// lookup finds both.
/// </summary>
internal interface IWeChatCheckMetadata
{
    WeChatCheckKind Kind { get; }

    string? Field { get; }

    /// <summary>The scene the attribute names; null uses the options' default.</summary>
    WeChatScene? Scene { get; }
}
