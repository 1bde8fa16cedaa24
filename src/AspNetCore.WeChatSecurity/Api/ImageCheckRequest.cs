namespace AspNetCore.WeChatSecurity.Api;

/// <summary>An <c>img_sec_check</c> call: the image's bytes, its real (sniffed) content type and a file name.</summary>
internal sealed record ImageCheckRequest(ReadOnlyMemory<byte> Content, string ContentType, string FileName);
