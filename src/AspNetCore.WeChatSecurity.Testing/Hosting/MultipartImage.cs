namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>The outcome of reading an <c>img_sec_check</c> body: the image, or the errcode WeChat would answer.</summary>
internal sealed record MultipartImage(int ErrorCode, MultipartPart? Part, byte[]? Data);
