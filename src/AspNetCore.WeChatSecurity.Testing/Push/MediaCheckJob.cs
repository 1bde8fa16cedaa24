namespace AspNetCore.WeChatSecurity.Testing.Push;

/// <summary>An accepted <c>media_check_async</c> call whose verdict is still to be pushed.</summary>
internal sealed record MediaCheckJob(string TraceId, int Version, Uri MediaUrl, int MediaType, string? OpenId);
