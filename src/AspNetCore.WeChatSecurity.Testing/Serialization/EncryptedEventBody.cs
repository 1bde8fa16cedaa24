namespace AspNetCore.WeChatSecurity.Testing.Serialization;

/// <summary>A safe-mode JSON push: the event is only in <see cref="Encrypt"/>.</summary>
internal sealed record EncryptedEventBody(string ToUserName, string Encrypt);
