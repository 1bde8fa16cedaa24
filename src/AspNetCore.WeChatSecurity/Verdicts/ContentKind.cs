namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>What a verdict is about: part of its cache key, so text and an image with the same bytes never share one.</summary>
internal enum ContentKind
{
    Text = 1,
    Image = 2,
    Audio = 3,
}
