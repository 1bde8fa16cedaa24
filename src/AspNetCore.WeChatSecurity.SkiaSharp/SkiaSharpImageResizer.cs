using AspNetCore.WeChatSecurity.SkiaSharp.Resizing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp;

/// <summary>
/// Brings an image within WeChat's limits: first frame, EXIF orientation applied, aspect ratio kept, never enlarged,
/// JPEG for photos and PNG for images with transparent pixels. At most
/// <see cref="SkiaSharpImageResizerOptions.MaxConcurrentResizes"/> run at once. The pixel budget
/// (<see cref="WeChatImageOptions.MaxResizablePixels"/>) follows a configuration reload, as the other image limits do;
/// a resize reads it once.
/// </summary>
internal sealed class SkiaSharpImageResizer : IWeChatImageResizer
{
    private readonly SkiaSharpImageResizerOptions _options;
    private readonly IOptionsMonitor<WeChatSecurityOptions> _limits;
    private readonly ResizeSlots _slots;
    private readonly SkiaSharpResizerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SkiaSharpImageResizer> _logger;

    public SkiaSharpImageResizer(
        IOptions<SkiaSharpImageResizerOptions> options,
        IOptionsMonitor<WeChatSecurityOptions> limits,
        ResizeSlots slots,
        SkiaSharpResizerMetrics metrics,
        TimeProvider time,
        ILogger<SkiaSharpImageResizer> logger)
    {
        _options = options.Value;
        _limits = limits;
        _slots = slots;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ReadOnlyMemory<byte>> ResizeAsync(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken)
    {
        using var slot = await _slots.EnterAsync(cancellationToken);
        var started = _time.GetTimestamp();
        try
        {
            var resized = Resize(image, maxWidth, maxHeight, maxBytes, cancellationToken);
            var elapsed = _time.GetElapsedTime(started);
            _metrics.Resized(resized.Format, elapsed);
            SkiaSharpResizerLog.Resized(_logger, image.Length, resized.Format, resized.Width, resized.Height, resized.Content.Length, resized.Attempts, elapsed.TotalMilliseconds);
            return resized.Content;
        }
        catch (WeChatInvalidContentException refused)
        {
            _metrics.Refused(refused.Reason);
            SkiaSharpResizerLog.Refused(_logger, image.Length, refused.Reason, refused.Message);
            throw;
        }
    }

    private EncodedImage Resize(ReadOnlyMemory<byte> image, int maxWidth, int maxHeight, long maxBytes, CancellationToken cancellationToken)
    {
        using var data = SKData.CreateCopy(image.Span);
        using var codec = SKCodec.Create(data) ?? throw ImageErrors.Unreadable(FormatName(image.Span));
        var format = codec.EncodedFormat.ToString().ToUpperInvariant();

        // The header is all that has been read so far: refuse before a single pixel is allocated.
        var stored = codec.Info.Size;
        var maxPixels = _limits.CurrentValue.Images.MaxResizablePixels;
        if ((long)stored.Width * stored.Height > maxPixels)
        {
            throw ImageErrors.TooManyPixels(stored, maxPixels);
        }

        var origin = codec.EncodedOrigin;
        var target = TargetSize.Fit(Orientation.Displayed(stored, origin), maxWidth, maxHeight);
        var storedTarget = Orientation.SwapsAxes(origin) ? new SKSizeI(target.Height, target.Width) : target;

        cancellationToken.ThrowIfCancellationRequested();
        using var decoded = ScaledDecoder.Decode(codec, storedTarget, format);
        var scaled = decoded.Width == storedTarget.Width && decoded.Height == storedTarget.Height
            ? decoded
            : BudgetedEncoder.ScaleTo(decoded, storedTarget);
        try
        {
            var upright = Orientation.Apply(scaled, origin);
            try
            {
                return BudgetedEncoder.Encode(upright, maxBytes, _options, cancellationToken);
            }
            finally
            {
                if (!ReferenceEquals(upright, scaled))
                {
                    upright.Dispose();
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(scaled, decoded))
            {
                scaled.Dispose();
            }
        }
    }

    private static string FormatName(ReadOnlySpan<byte> image) => image switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "PNG",
        [(byte)'G', (byte)'I', (byte)'F', ..] => "GIF",
        _ => "JPEG",
    };
}
