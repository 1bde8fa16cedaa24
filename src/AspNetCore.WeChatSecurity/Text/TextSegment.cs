namespace AspNetCore.WeChatSecurity.Text;

/// <summary>A chunk of a longer text, as a position in it.</summary>
internal readonly record struct TextSegment(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}
