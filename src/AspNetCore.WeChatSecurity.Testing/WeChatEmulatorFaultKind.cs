namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>The kinds of <see cref="WeChatEmulatorFault"/>.</summary>
public enum WeChatEmulatorFaultKind
{
    /// <summary>The answer is delayed, then given normally.</summary>
    Latency = 0,

    /// <summary>HTTP 200 with an errcode (for example -1).</summary>
    ErrorCode = 1,

    /// <summary>An HTTP 5xx status.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200 with a body that is not valid JSON.</summary>
    MalformedJson = 4,
}
