namespace AspNetCore.WeChatSecurity.Api;

/// <summary>A <c>media_check_async</c> call. Version 2 adds the scene and the openid.</summary>
internal sealed record MediaCheckRequest(
    Uri MediaUrl,
    WeChatMediaType MediaType,
    int Version,
    WeChatScene Scene = WeChatScene.Comment,
    string? OpenId = null);
