namespace AspNetCore.WeChatSecurity;

/// <summary>The message push encryption mode, as chosen for the push server in the mini program console.</summary>
public enum WeChatPushMode
{
    /// <summary>明文模式: pushes arrive in clear, signed over token, timestamp and nonce only (not the body).</summary>
    Plaintext = 0,

    /// <summary>兼容模式: pushes arrive in clear with their ciphertext beside them; encrypted ones are decrypted, clear ones accepted.</summary>
    Compatible = 1,

    /// <summary>安全模式: only encrypted pushes are accepted; the ciphertext's <c>msg_signature</c> covers the body, so a verdict cannot be forged.</summary>
    Safe = 2,
}
