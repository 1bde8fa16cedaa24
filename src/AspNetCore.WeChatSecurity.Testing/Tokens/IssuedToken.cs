namespace AspNetCore.WeChatSecurity.Testing.Tokens;

internal sealed class IssuedToken(string value, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset? SupersededAt { get; set; }
}
