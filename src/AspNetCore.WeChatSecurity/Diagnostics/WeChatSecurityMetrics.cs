using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Resilience;
using AspNetCore.WeChatSecurity.Verdicts;
using Polly.CircuitBreaker;

namespace AspNetCore.WeChatSecurity.Diagnostics;

/// <summary>
/// The library's instruments on the meter <c>AspNetCore.WeChatSecurity</c>, created through <see cref="IMeterFactory"/> so
/// that each service provider (and each test) has its own. Tags never carry content, tokens or secrets.
/// </summary>
internal sealed class WeChatSecurityMetrics
{
    public const string MeterName = "AspNetCore.WeChatSecurity";

    /// <summary>
    /// The errcodes WeChat documents for the endpoints the library calls (the checks, the media check, the two token
    /// endpoints), each its own outcome tag; every other code shares <c>errcode_other</c>, so that an upstream answering
    /// arbitrary codes cannot create arbitrary time series.
    /// </summary>
    private static readonly FrozenDictionary<int, string> ErrorCodeTags = new[]
    {
        WeChatErrorCodes.SystemBusy, WeChatErrorCodes.InvalidCredential, 40003, 40004, 40006, 40013, WeChatErrorCodes.InvalidAccessToken,
        40125, 40129, 40164, 40243, 41002, 41004, 41005, WeChatErrorCodes.AccessTokenExpired, 43002, 43104, 43302, 44002,
        WeChatErrorCodes.MinuteFrequencyLimit, WeChatErrorCodes.DailyQuotaExceeded, WeChatErrorCodes.MinuteQuotaExceeded, 47001, 48001, 61010,
        WeChatErrorCodes.RiskyContent, 87020, 89501, 89503, 89506, 89507,
    }.ToFrozenDictionary(static code => code, static code => "errcode_" + code.ToString(CultureInfo.InvariantCulture));

    private readonly CheckCounts _checks;
    private readonly Counter<long> _uncheckedAllowed;
    private readonly Histogram<double> _upstreamDuration;
    private readonly Meter _meter;

    public WeChatSecurityMetrics(IMeterFactory meterFactory)
    {
        var meter = _meter = meterFactory.Create(MeterName);
        _checks = new CheckCounts(meter);
        _uncheckedAllowed = meter.CreateCounter<long>(
            "wechat.security.unchecked_allowed",
            unit: "{request}",
            description: "Requests let through unchecked because WeChat was unavailable and FailureMode is Allow, by reason.");
        _upstreamDuration = meter.CreateHistogram<double>(
            "wechat.security.upstream.duration",
            unit: "s",
            description: "Duration of calls to WeChat, retries included, by api and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    /// <summary>Publishes the breaker's and the quota gates' state; called once by the resilience holder.</summary>
    public void ObserveResilience(WeChatResilience resilience)
    {
        _meter.CreateObservableGauge(
            "wechat.security.circuit_breaker.state",
            () => (int)resilience.CircuitState.CircuitState,
            unit: "{state}",
            description: "The WeChat circuit breaker: 0 closed, 1 open, 2 half-open, 3 isolated.");
        _meter.CreateObservableGauge(
            "wechat.security.quota_gate.shut",
            () => new[] { WeChatApiKind.Text, WeChatApiKind.Image, WeChatApiKind.Media }
                .Select(kind => new Measurement<int>(resilience.Gate(kind).IsShut ? 1 : 0, new KeyValuePair<string, object?>("kind", KindTag(kind)))),
            unit: "{gate}",
            description: "1 while WeChat's quota for the kind is spent and no call goes upstream.");
    }

    /// <summary>Counts a check's verdict (or its failure, <paramref name="suggestion"/> null), a cache hit when <paramref name="fromCache"/>.</summary>
    public void Check(ContentKind kind, WeChatSuggestion? suggestion, bool fromCache) => _checks.Check(kind, suggestion, fromCache);

    public void CacheMiss(ContentKind kind) => _checks.CacheMiss(kind);

    public void UncheckedAllowed(WeChatUnavailableReason reason)
    {
        if (_uncheckedAllowed.Enabled)
        {
            _uncheckedAllowed.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));
        }
    }

    public void UpstreamCall(string api, string outcome, TimeSpan elapsed)
    {
        if (_upstreamDuration.Enabled)
        {
            _upstreamDuration.Record(elapsed.TotalSeconds, new TagList { { "api", api }, { "outcome", outcome } });
        }
    }

    public static string KindTag(WeChatApiKind kind) => kind switch
    {
        WeChatApiKind.Text => "text",
        WeChatApiKind.Image => "image",
        WeChatApiKind.Media => "media",
        _ => "token",
    };

    /// <summary>
    /// The outcome tag of a call WeChat answered: <c>ok</c>, <c>errcode_{code}</c> for a documented code, else
    /// <c>errcode_other</c>. The exact code stays on the call's span (<c>wechat.errcode</c>) and in the exception a
    /// refusal raises.
    /// </summary>
    public static string ErrorCodeTag(int errorCode) =>
        errorCode == WeChatErrorCodes.Ok ? "ok" : ErrorCodeTags.GetValueOrDefault(errorCode, "errcode_other");

    public static string ReasonTag(WeChatUnavailableReason reason) => reason switch
    {
        WeChatUnavailableReason.TransientFailure => "transient_failure",
        WeChatUnavailableReason.CircuitOpen => "circuit_open",
        WeChatUnavailableReason.MinuteQuotaExceeded => "minute_quota_exceeded",
        WeChatUnavailableReason.DailyQuotaExceeded => "daily_quota_exceeded",
        WeChatUnavailableReason.RateLimited => "rate_limited",
        WeChatUnavailableReason.NoAccessToken => "no_access_token",
        _ => "unknown",
    };
}
