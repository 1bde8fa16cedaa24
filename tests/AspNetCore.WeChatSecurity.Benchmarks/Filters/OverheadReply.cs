namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>What both benchmarked actions answer.</summary>
/// <param name="ArticleId">The commented article.</param>
/// <param name="Published">Always true: the benchmark only sends text WeChat passes.</param>
public sealed record OverheadReply(string ArticleId, bool Published);
