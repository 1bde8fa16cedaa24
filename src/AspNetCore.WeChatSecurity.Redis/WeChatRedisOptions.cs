using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity.Redis;

/// <summary>
/// How the instances of a farm share WeChat content security through Redis. Bound from the
/// <c>WeChatSecurity:Redis</c> configuration section when the application's configuration is available, then from the
/// <c>AddRedis</c> call.
/// </summary>
public sealed class WeChatRedisOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "WeChatSecurity:Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string (<c>host:port,password=...,ssl=true</c>). Not needed when
    /// <c>AddRedis</c> is given a connection of the application's own.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Put before every key, so that several applications (or environments) can share one Redis. Instances share
    /// quota, gate, verdicts and checks only when they use the same prefix. Default <c>wechat-security:</c>.
    /// </summary>
    [Required]
    [MinLength(1)]
    public string KeyPrefix { get; set; } = "wechat-security:";

    /// <summary>
    /// How many instances the farm runs. While Redis cannot be reached each instance limits itself to the per-minute
    /// limits divided by this number, so that the farm as a whole still stays under WeChat's quota. Default 1: set it
    /// to the farm's size (or its largest size, when it scales).
    /// </summary>
    [Range(1, 10_000)]
    public int InstanceCount { get; set; } = 1;

    /// <summary>
    /// How long an instance that checks new content holds its claim on it: the others wait for its verdict rather than
    /// ask WeChat too. A claim whose instance died expires after this long and another instance takes over.
    /// Default 15 seconds: longer than a WeChat call with its retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan VerdictClaimDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest an instance waits for the verdict another instance is getting before it asks WeChat itself.
    /// Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxVerdictWait { get; set; } = TimeSpan.FromSeconds(10);
}
