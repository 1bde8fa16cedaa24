namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// An endpoint's call limits per AppId. Over the minute limit the emulator answers 45011, over the daily one 45009; the
/// minute is the clock minute and the day starts at 00:00 Beijing time (UTC+8), both read from the emulator's
/// <see cref="TimeProvider"/>.
/// </summary>
/// <param name="PerMinute">Calls allowed per clock minute.</param>
/// <param name="PerDay">Calls allowed per Beijing-time day.</param>
public sealed record WeChatEmulatorQuota(int PerMinute, int PerDay)
{
    /// <summary>No limit.</summary>
    public static WeChatEmulatorQuota Unlimited { get; } = new(int.MaxValue, int.MaxValue);
}
