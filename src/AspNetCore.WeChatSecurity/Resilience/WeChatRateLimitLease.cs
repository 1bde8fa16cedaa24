using System.Threading.RateLimiting;

namespace AspNetCore.WeChatSecurity.Resilience;

/// <summary>
/// A per-minute permit of <see cref="WeChatMinuteRateLimiter"/>, or its refusal with how long until the next one
/// (<see cref="MetadataName.RetryAfter"/>).
/// </summary>
internal sealed class WeChatRateLimitLease : RateLimitLease
{
    private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];
    private readonly TimeSpan? _retryAfter;

    private WeChatRateLimitLease(bool acquired, TimeSpan? retryAfter)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
    }

    /// <summary>A granted permit: it carries nothing, so one instance serves every grant.</summary>
    public static WeChatRateLimitLease Granted { get; } = new(acquired: true, null);

    /// <summary>A refusal that tells the caller when the next permit can be had.</summary>
    /// <param name="retryAfter">How long until the next permit.</param>
    /// <returns>A lease that is not acquired and carries <see cref="MetadataName.RetryAfter"/>.</returns>
    public static WeChatRateLimitLease Refused(TimeSpan retryAfter) => new(acquired: false, retryAfter);

    /// <inheritdoc />
    public override bool IsAcquired { get; }

    /// <inheritdoc />
    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : RetryAfterOnly;

    /// <inheritdoc />
    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = wait;
            return true;
        }

        metadata = null;
        return false;
    }
}
