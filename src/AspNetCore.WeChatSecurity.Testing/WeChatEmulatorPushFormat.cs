namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>The message-push data format, as chosen in the mini program console.</summary>
public enum WeChatEmulatorPushFormat
{
    /// <summary>XML, WeChat's default: <c>&lt;xml&gt;</c> with CDATA strings.</summary>
    Xml = 0,

    /// <summary>JSON.</summary>
    Json = 1,
}
