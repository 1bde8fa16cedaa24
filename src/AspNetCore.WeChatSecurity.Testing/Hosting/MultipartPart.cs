namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>What the request log keeps of a multipart part.</summary>
internal sealed record MultipartPart(string? Name, string? FileName, string? ContentType)
{
    /// <summary>The part's bytes, kept for the <c>media</c> part only.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }
}
