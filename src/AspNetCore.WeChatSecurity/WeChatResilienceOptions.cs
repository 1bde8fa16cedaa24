using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// How calls to WeChat are bounded, retried, broken and rate-limited. Bound from <c>WeChatSecurity:Resilience</c>.
/// </summary>
public sealed class WeChatResilienceOptions
{
    /// <summary>The longest one HTTP attempt may take. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ErrorMessage = "WeChatSecurity:Resilience:AttemptTimeout must be between {1} and {2}.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a call may take, retries included. Default 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "WeChatSecurity:Resilience:TotalTimeout must be between {1} and {2}.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times a transient failure is retried (0 disables retries). Default 2.</summary>
    [Range(0, 10, ErrorMessage = "WeChatSecurity:Resilience:MaxRetryAttempts must be between {1} and {2}.")]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "WeChatSecurity:Resilience:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The share of failed calls in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit. Default 0.8: an
    /// open circuit refuses every check, so it opens only when WeChat is mostly down, not when some calls fail and are
    /// retried.
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = "WeChatSecurity:Resilience:CircuitBreakerFailureRatio must be more than 0 and at most 1.")]
    public double CircuitBreakerFailureRatio { get; set; } = 0.8;

    /// <summary>
    /// How many calls must have been made in the sampling window before the circuit can open. Default 100: at a cold
    /// start the first calls of a burst are the fast failures, and a small sample would open the circuit on them.
    /// </summary>
    [Range(2, int.MaxValue, ErrorMessage = "WeChatSecurity:Resilience:CircuitBreakerMinimumThroughput must be between {1} and {2}.")]
    public int CircuitBreakerMinimumThroughput { get; set; } = 100;

    /// <summary>The window over which failures are counted. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "WeChatSecurity:Resilience:CircuitBreakerSamplingDuration must be between {1} and {2}.")]
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call. Default 5 seconds, so that an outage that ends costs little.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "WeChatSecurity:Resilience:CircuitBreakerBreakDuration must be between {1} and {2}.")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Text checks allowed per minute per application instance. Default 4000 (WeChat's limit per AppId).</summary>
    [Range(1, 4000, ErrorMessage = "WeChatSecurity:Resilience:TextChecksPerMinute must be between {1} and {2}.")]
    public int TextChecksPerMinute { get; set; } = 4000;

    /// <summary>Image checks allowed per minute per application instance. Default 2000.</summary>
    [Range(1, 2000, ErrorMessage = "WeChatSecurity:Resilience:ImageChecksPerMinute must be between {1} and {2}.")]
    public int ImageChecksPerMinute { get; set; } = 2000;

    /// <summary>Asynchronous media checks allowed per minute per application instance. Default 2000.</summary>
    [Range(1, 2000, ErrorMessage = "WeChatSecurity:Resilience:MediaChecksPerMinute must be between {1} and {2}.")]
    public int MediaChecksPerMinute { get; set; } = 2000;

    /// <summary>The longest a call waits for the client-side limiter before it is answered "unavailable". Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "WeChatSecurity:Resilience:MaxLimiterWait must be between {1} and {2}.")]
    public TimeSpan MaxLimiterWait { get; set; } = TimeSpan.FromSeconds(2);
}
