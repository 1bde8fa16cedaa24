using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// The limits images are checked against and what happens to images over them. Bound from <c>WeChatSecurity:Images</c>.
/// </summary>
public sealed class WeChatImageOptions
{
    /// <summary>The largest image sent to WeChat, in bytes. Default 1 MB (1,048,576), WeChat's limit.</summary>
    [Range(typeof(long), "1", "1048576", ErrorMessage = "WeChatSecurity:Images:MaxImageBytes must be between {1} and {2}.")]
    public long MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>The widest image sent to WeChat, in pixels. Default 750.</summary>
    [Range(1, 100_000, ErrorMessage = "WeChatSecurity:Images:MaxImageWidth must be between {1} and {2}.")]
    public int MaxImageWidth { get; set; } = 750;

    /// <summary>The tallest image sent to WeChat, in pixels. Default 1334.</summary>
    [Range(1, 100_000, ErrorMessage = "WeChatSecurity:Images:MaxImageHeight must be between {1} and {2}.")]
    public int MaxImageHeight { get; set; } = 1334;

    /// <summary>What happens to images over the limits. Default <see cref="WeChatOversizePolicy.Reject"/>.</summary>
    public WeChatOversizePolicy OversizePolicy { get; set; } = WeChatOversizePolicy.Reject;

    /// <summary>
    /// The largest image accepted for resizing when <see cref="OversizePolicy"/> is <see cref="WeChatOversizePolicy.Resize"/>,
    /// in bytes; a larger one gets 413, and a stream is read no further than this plus one byte. Default 10 MB (10,485,760).
    /// </summary>
    public long MaxResizableImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width times height, read from the header before anything is decoded) an image may have to be
    /// resized when <see cref="OversizePolicy"/> is <see cref="WeChatOversizePolicy.Resize"/>; a larger one gets 413, so
    /// that a small file claiming huge dimensions never makes the resizer allocate gigabytes. Default 40,000,000
    /// (a 48-megapixel phone photo is 8000x6000 = 48,000,000: raise it to resize those).
    /// </summary>
    [Range(typeof(long), "1", "1000000000", ErrorMessage = "WeChatSecurity:Images:MaxResizablePixels must be between {1} and {2}.")]
    public long MaxResizablePixels { get; set; } = 40_000_000;

    /// <summary>
    /// The most images one request may send for checking, all checked file fields together; more gets 413 before any
    /// call, so that one upload cannot spend the image quota every other user shares. Counted apart from texts: an
    /// image check draws on its own quota and costs up to a megabyte sent to WeChat. Default 9.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "WeChatSecurity:Images:MaxChecksPerRequest must be between {1} and {2}.")]
    public int MaxChecksPerRequest { get; set; } = 9;
}
