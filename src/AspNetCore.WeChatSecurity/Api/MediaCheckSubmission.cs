namespace AspNetCore.WeChatSecurity.Api;

/// <summary>WeChat accepted an asynchronous media check; the verdict is pushed later, matched by <see cref="TraceId"/>.</summary>
internal sealed record MediaCheckSubmission(string TraceId);
