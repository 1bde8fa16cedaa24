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

    /// <summary>HTTP 200 with <c>{}</c>: no errcode at all.</summary>
    EmptyObject = 5,

    /// <summary>HTTP 200 with <c>{"errmsg":"ok"}</c>: a message but no errcode.</summary>
    ErrorMessageOnly = 6,

    /// <summary>HTTP 200 with <c>{"errcode":"busy"}</c>: an errcode that is not a number.</summary>
    NonNumericErrorCode = 7,

    /// <summary>
    /// HTTP 200 with <c>{"errcode":0,"errmsg":"ok"}</c> and no <c>result</c>: unreadable as a text v2 verdict. To a v1
    /// or image check it is a genuine pass, so inject it into v2 traffic only.
    /// </summary>
    MissingResult = 8,
}
