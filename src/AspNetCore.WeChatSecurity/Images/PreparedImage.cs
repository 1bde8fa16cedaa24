namespace AspNetCore.WeChatSecurity.Images;

/// <summary>An image ready for <c>img_sec_check</c>: within the limits (or allowed over them) and of a known format.</summary>
internal readonly record struct PreparedImage(ReadOnlyMemory<byte> Content, ImageInfo Info);
