using Microsoft.Extensions.Internal;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>Lets <see cref="Microsoft.Extensions.Caching.Memory.MemoryCache"/> expire entries by the library's <see cref="TimeProvider"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
