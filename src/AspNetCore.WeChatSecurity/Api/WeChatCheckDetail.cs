namespace AspNetCore.WeChatSecurity.Api;

/// <summary>One strategy's finding in a v2 verdict; WeChat may leave any field out.</summary>
internal sealed record WeChatCheckDetail(
    string? Strategy,
    int? ErrorCode,
    string? Suggest,
    int? Label,
    string? Keyword,
    int? Probability,
    int? Level);
