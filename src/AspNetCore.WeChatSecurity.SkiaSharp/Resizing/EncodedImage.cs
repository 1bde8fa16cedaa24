using SkiaSharp;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Resizing;

/// <summary>The copy sent to WeChat, and how many encodings it took to fit the byte limit.</summary>
internal sealed record EncodedImage(byte[] Content, SKEncodedImageFormat Format, int Width, int Height, int Attempts);
