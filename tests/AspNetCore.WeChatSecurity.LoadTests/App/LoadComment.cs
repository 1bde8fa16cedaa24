namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>The body every text route takes: a comment on an article.</summary>
public sealed record LoadComment(string ArticleId, string Comment);
