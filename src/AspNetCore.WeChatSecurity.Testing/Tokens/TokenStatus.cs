namespace AspNetCore.WeChatSecurity.Testing.Tokens;

internal enum TokenStatus
{
    Valid,

    /// <summary>Never issued, or malformed: 40001 (40014 when empty or not a token's shape).</summary>
    Unknown,

    /// <summary>Past its lifetime: 42001.</summary>
    Expired,

    /// <summary>Replaced by a newer token (after the 5-minute grace) or by a forced refresh: 40001, "not latest".</summary>
    Superseded,
}
