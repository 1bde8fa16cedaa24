namespace AspNetCore.WeChatSecurity.Images;

/// <summary>An image read from its stream and found fit to be checked, before its check starts.</summary>
internal readonly record struct InspectedImage(ReadOnlyMemory<byte> Content, ImageInspection Inspection);
