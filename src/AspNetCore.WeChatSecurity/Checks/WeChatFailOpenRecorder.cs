using AspNetCore.WeChatSecurity.Diagnostics;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Counts requests let through unchecked because WeChat was unavailable and <see cref="WeChatFailureMode.Allow"/> is
/// set: the one place where fail-open is recorded, in the count below and in the metric
/// <c>wechat.security.unchecked_allowed</c>.
/// </summary>
internal sealed class WeChatFailOpenRecorder(WeChatSecurityMetrics metrics)
{
    // One slot per WeChatUnavailableReason: only WeChat not answering is ever let through.
    private readonly long[] _counts = new long[Enum.GetValues<WeChatUnavailableReason>().Length];

    /// <summary>How many requests went through unchecked since the application started.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>How many requests went through unchecked for <paramref name="reason"/>.</summary>
    public long CountFor(WeChatUnavailableReason reason) => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Records one request let through unchecked.</summary>
    /// <param name="reason">Why WeChat could not answer.</param>
    public void Record(WeChatUnavailableReason reason)
    {
        Interlocked.Increment(ref _counts[(int)reason]);
        metrics.UncheckedAllowed(reason);
    }
}
