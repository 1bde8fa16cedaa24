using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// How long and how many texts are accepted, and how long ones are split into chunks. Bound from <c>WeChatSecurity:Text</c>.
/// </summary>
public sealed class WeChatTextOptions
{
    /// <summary>The longest text, in characters, a request may submit for checking in one field; longer gets 413. Default 100,000.</summary>
    [Range(1, 100_000_000, ErrorMessage = "WeChatSecurity:Text:MaxTextLength must be between {1} and {2}.")]
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>Characters repeated between consecutive chunks of a long text, so a phrase across a boundary is still seen. Default 50.</summary>
    [Range(0, 1000, ErrorMessage = "WeChatSecurity:Text:ChunkOverlap must be between {1} and {2}.")]
    public int ChunkOverlap { get; set; } = 50;

    /// <summary>How many chunks of one long text are checked at once. Default 4.</summary>
    [Range(1, 64, ErrorMessage = "WeChatSecurity:Text:MaxChunkParallelism must be between {1} and {2}.")]
    public int MaxChunkParallelism { get; set; } = 4;

    /// <summary>
    /// The most WeChat calls one request's texts may need, all checked fields together; more gets 413 before any call, so
    /// that one request (a list of thousands of short strings, or of long texts) cannot spend the per-minute quota every
    /// other user shares. A distinct text (text and scene) is one call, a text longer than one call takes one per chunk,
    /// counted as if none were cached; identical texts count once, as they are checked once. At least the calls one text
    /// of <see cref="MaxTextLength"/> can need (checked on start), so that a single text is never refused by it. Default 64.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "WeChatSecurity:Text:MaxChecksPerRequest must be between {1} and {2}.")]
    public int MaxChecksPerRequest { get; set; } = 64;
}
