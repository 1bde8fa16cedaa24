namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>What a check sends to WeChat.</summary>
internal enum WeChatCheckKind
{
    Text = 0,
    Image = 1,
}
