namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>What every text route answers, checked or not, so that both sides of a comparison do the same work.</summary>
public sealed record LoadReply(string ArticleId, bool Published);
