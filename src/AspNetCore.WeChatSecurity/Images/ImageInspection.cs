namespace AspNetCore.WeChatSecurity.Images;

/// <summary>An image that may be checked, and whether it must be resized first.</summary>
internal readonly record struct ImageInspection(ImageInfo Info, bool NeedsResize);
