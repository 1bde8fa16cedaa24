namespace AspNetCore.WeChatSecurity.Resilience;

internal static class WeChatResilienceConstants
{
    /// <summary>WeChat's answers are small JSON documents; anything larger is not one and is not read whole.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public const int MinuteQuotaExceeded = 45011;
    public const int MinuteFrequencyLimit = 44991;
    public const int DailyQuotaExceeded = 45009;

    public static bool IsTokenError(int errorCode) => errorCode is 40001 or 40014 or 42001;
}
