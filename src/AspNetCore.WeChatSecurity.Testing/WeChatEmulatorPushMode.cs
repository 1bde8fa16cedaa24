namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>The message-push encryption mode, as chosen in the mini program console.</summary>
public enum WeChatEmulatorPushMode
{
    /// <summary>明文模式: the event in clear, signed with <c>signature</c> only.</summary>
    Plaintext = 0,

    /// <summary>兼容模式: the event in clear plus its ciphertext in <c>Encrypt</c>, with <c>msg_signature</c>.</summary>
    Compatible = 1,

    /// <summary>安全模式: only <c>ToUserName</c> and the ciphertext in <c>Encrypt</c>, with <c>msg_signature</c>.</summary>
    Safe = 2,
}
