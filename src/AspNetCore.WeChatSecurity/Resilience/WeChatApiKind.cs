namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>The families of calls that WeChat counts quotas for separately.</summary>
internal enum WeChatApiKind
{
    Text = 0,
    Image = 1,
    Media = 2,
    Token = 3,
}
