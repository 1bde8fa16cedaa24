using System.Threading.RateLimiting;

namespace AspNetCore.WeChatSecurity.Redis.Limiting;

/// <summary>A farm permit, or its refusal with how long until the next one.</summary>
internal sealed class FarmRateLimitLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    private static readonly string[] RetryAfterOnly = [MetadataName.RetryAfter.Name];

    public static FarmRateLimitLease Granted { get; } = new(acquired: true, null);

    public override bool IsAcquired { get; } = acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterOnly;

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = wait;
            return true;
        }

        metadata = null;
        return false;
    }
}
