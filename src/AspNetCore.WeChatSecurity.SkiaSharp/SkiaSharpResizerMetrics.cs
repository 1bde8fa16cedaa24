using System.Diagnostics.Metrics;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>The resizer's instruments, on the core library's meter <c>AspNetCore.WeChatSecurity</c>.</summary>
internal sealed class SkiaSharpResizerMetrics
{
    private const string MeterName = "AspNetCore.WeChatSecurity";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _refused;

    public SkiaSharpResizerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "wechat.security.image.resize.duration",
            unit: "s",
            description: "Time to bring an image within WeChat's limits (decode, scale, orient, encode), by the format sent.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _refused = meter.CreateCounter<long>(
            "wechat.security.image.resize.refused",
            unit: "{image}",
            description: "Images the resizer refused, by reason (unreadable, too_large, unsupported_format).");
    }

    public void Resized(SKEncodedImageFormat format, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("format", format == SKEncodedImageFormat.Png ? "png" : "jpeg"));

    public void Refused(WeChatInvalidContentReason reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason switch
    {
        WeChatInvalidContentReason.TooLarge => "too_large",
        WeChatInvalidContentReason.UnsupportedFormat => "unsupported_format",
        _ => "unreadable",
    }));
}
