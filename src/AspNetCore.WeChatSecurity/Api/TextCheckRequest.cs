namespace AspNetCore.WeChatSecurity.Api;

/// <summary>A <c>msg_sec_check</c> call. Version 1 sends only the content; version 2 needs an openid and a scene.</summary>
internal sealed record TextCheckRequest(
    string Content,
    int Version,
    WeChatScene Scene = WeChatScene.Comment,
    string? OpenId = null,
    string? Title = null,
    string? Nickname = null,
    string? Signature = null);
