namespace AspNetCore.WeChatSecurity.Testing.Tokens;

/// <summary>A stable-token answer: a token, or the errcode that refused a forced refresh.</summary>
internal readonly record struct StableTokenOutcome(string? Token, int ExpiresIn, int ErrorCode);
