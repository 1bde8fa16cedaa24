namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// A failure the emulator can be told to produce, through <see cref="WeChatEmulator.FailNext"/> or
/// <see cref="WeChatEmulator.FailFraction"/>.
/// </summary>
public sealed class WeChatEmulatorFault
{
    private WeChatEmulatorFault(WeChatEmulatorFaultKind kind, TimeSpan latency = default, int statusCode = 200, int errorCode = 0, string? errorMessage = null)
    {
        Kind = kind;
        Latency = latency;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>errcode -1, "system error": WeChat's "busy, retry" answer.</summary>
    public static WeChatEmulatorFault SystemBusy { get; } = new(WeChatEmulatorFaultKind.ErrorCode, errorCode: -1, errorMessage: "system error");

    /// <summary>
    /// The connection is dropped before a response: the in-process handler throws <see cref="HttpRequestException"/>
    /// (with an <see cref="IOException"/> inside); the loopback server aborts the connection.
    /// </summary>
    public static WeChatEmulatorFault ConnectionReset { get; } = new(WeChatEmulatorFaultKind.ConnectionReset);

    /// <summary>HTTP 200 with a truncated JSON body.</summary>
    public static WeChatEmulatorFault MalformedJson { get; } = new(WeChatEmulatorFaultKind.MalformedJson);

    /// <summary>HTTP 200 with <c>{}</c>.</summary>
    public static WeChatEmulatorFault EmptyObject { get; } = new(WeChatEmulatorFaultKind.EmptyObject);

    /// <summary>HTTP 200 with <c>{"errmsg":"ok"}</c> and no errcode.</summary>
    public static WeChatEmulatorFault ErrorMessageOnly { get; } = new(WeChatEmulatorFaultKind.ErrorMessageOnly);

    /// <summary>HTTP 200 with <c>{"errcode":"busy"}</c>.</summary>
    public static WeChatEmulatorFault NonNumericErrorCode { get; } = new(WeChatEmulatorFaultKind.NonNumericErrorCode);

    /// <summary>HTTP 200 with a text v2 answer that has no <c>result</c> (a pass to v1 and image checks: v2 traffic only).</summary>
    public static WeChatEmulatorFault MissingResult { get; } = new(WeChatEmulatorFaultKind.MissingResult);

    /// <summary>The kind of failure.</summary>
    public WeChatEmulatorFaultKind Kind { get; }

    /// <summary>For <see cref="WeChatEmulatorFaultKind.Latency"/>: how long the answer is held back.</summary>
    public TimeSpan Latency { get; }

    /// <summary>For <see cref="WeChatEmulatorFaultKind.ServerError"/>: the HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>For <see cref="WeChatEmulatorFaultKind.ErrorCode"/>: the errcode.</summary>
    public int ErrorCode { get; }

    /// <summary>For <see cref="WeChatEmulatorFaultKind.ErrorCode"/>: the errmsg.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Holds the answer back by <paramref name="delay"/> on the emulator's <see cref="TimeProvider"/>, then answers normally.</summary>
    /// <param name="delay">How long to wait; a test using a manual clock advances it.</param>
    /// <returns>The fault.</returns>
    public static WeChatEmulatorFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new(WeChatEmulatorFaultKind.Latency, latency: delay);
    }

    /// <summary>Answers with an HTTP error status and a non-JSON body, as a failing gateway would.</summary>
    /// <param name="statusCode">The status, 500 to 599. Default 503.</param>
    /// <returns>The fault.</returns>
    public static WeChatEmulatorFault ServerError(int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new(WeChatEmulatorFaultKind.ServerError, statusCode: statusCode);
    }

    /// <summary>Answers HTTP 200 with <c>{"errcode": errorCode, "errmsg": errorMessage}</c>.</summary>
    /// <param name="errorCode">The errcode, for example 45009 or 40001.</param>
    /// <param name="errorMessage">The errmsg.</param>
    /// <returns>The fault.</returns>
    public static WeChatEmulatorFault Error(int errorCode, string errorMessage = "injected error")
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        return new(WeChatEmulatorFaultKind.ErrorCode, errorCode: errorCode, errorMessage: errorMessage);
    }
}
