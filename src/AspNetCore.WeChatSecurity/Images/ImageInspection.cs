namespace AspNetCore.WeChatSecurity.Images;

/// <summary>An image that may be checked, whether it must be resized first, and the limits it was inspected under.</summary>
internal readonly record struct ImageInspection(ImageInfo Info, bool NeedsResize, WeChatImageOptions Limits);
