using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Resilience;

internal static partial class ResilienceLog
{
    [LoggerMessage(100, LogLevel.Debug, "Retrying a WeChat call (attempt {AttemptNumber}) in {DelayMilliseconds:0} ms after {Failure}.", EventName = nameof(RetryingCall))]
    public static partial void RetryingCall(ILogger logger, int attemptNumber, double delayMilliseconds, string failure);

    [LoggerMessage(101, LogLevel.Warning, "The WeChat circuit breaker opened for {BreakSeconds:0.#} s after {Failure}; checks fail per FailureMode until it closes.", EventName = nameof(CircuitOpened))]
    public static partial void CircuitOpened(ILogger logger, double breakSeconds, string failure);

    [LoggerMessage(102, LogLevel.Information, "The WeChat circuit breaker closed.", EventName = nameof(CircuitClosed))]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(103, LogLevel.Warning, "WeChat reported the {Api} quota spent (errcode {ErrorCode}); no call goes upstream until {ReopensAt:O}.", EventName = nameof(QuotaGateShut))]
    public static partial void QuotaGateShut(ILogger logger, string api, int errorCode, DateTimeOffset reopensAt);

    [LoggerMessage(104, LogLevel.Warning, "The client-side limit refused a {Api} call: the next slot is {WaitSeconds:0.#} s away.", EventName = nameof(LimiterRefused))]
    public static partial void LimiterRefused(ILogger logger, string api, double waitSeconds);
}
