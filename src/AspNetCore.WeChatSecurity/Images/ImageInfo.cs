namespace AspNetCore.WeChatSecurity.Images;

/// <summary>What the headers of an image say: its format and its dimensions in pixels.</summary>
internal readonly record struct ImageInfo(ImageFormat Format, int Width, int Height)
{
    public string ContentType => Format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Gif => "image/gif",
        _ => "image/jpeg",
    };

    /// <summary>A file name whose extension matches the real format: WeChat reads the type from the multipart part.</summary>
    public string FileName => Format switch
    {
        ImageFormat.Png => "image.png",
        ImageFormat.Gif => "image.gif",
        _ => "image.jpg",
    };
}
