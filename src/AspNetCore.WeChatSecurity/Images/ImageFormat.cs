namespace AspNetCore.WeChatSecurity.Images;

/// <summary>The image formats <c>img_sec_check</c> accepts.</summary>
internal enum ImageFormat
{
    Png = 1,
    Jpeg = 2,
    Gif = 3,
}
