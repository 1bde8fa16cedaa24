using System.Text;

namespace AspNetCore.WeChatSecurity.Text;

/// <summary>
/// Splits text too long for one call into chunks under the limit. A chunk ends after whitespace or punctuation near
/// the limit when there is some, never inside a surrogate pair, and the next chunk repeats the last characters of the
/// previous one so that a phrase across a boundary is still seen whole.
/// </summary>
internal static class TextChunker
{
    // How far back from the hard limit a natural boundary is looked for; beyond that a hard cut loses less than a
    // chunk that is much shorter than it could be.
    private const int MaxBoundarySearch = 256;

    /// <summary>
    /// Whether <paramref name="text"/> goes in one call, as <see cref="Split"/> would find, without allocating: most
    /// texts do, and this spares them the segment list.
    /// </summary>
    public static bool FitsOneChunk(string text, TextChunkLimit limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!limit.CountsUtf8Bytes)
        {
            return text.Length <= limit.MaxUnits;
        }

        // No UTF-16 unit takes more than 3 bytes (a pair takes 4 for 2 units; a lone surrogate 3, as U+FFFD), so
        // short text needs no count; the encoder counts the rest the way FitEnd does.
        return text.Length <= limit.MaxUnits / 3 || Encoding.UTF8.GetByteCount(text) <= limit.MaxUnits;
    }

    public static IReadOnlyList<TextSegment> Split(string text, TextChunkLimit limit, int overlap)
    {
        var segments = new List<TextSegment>();
        Walk(text, limit, overlap, segments);
        return segments;
    }

    /// <summary>
    /// How many chunks <see cref="Split"/> makes of <paramref name="text"/>, without making them: the calls a text costs,
    /// counted before any is made.
    /// </summary>
    public static int Count(string text, TextChunkLimit limit, int overlap) =>
        FitsOneChunk(text, limit) ? 1 : Walk(text, limit, overlap, segments: null);

    /// <summary>
    /// The most chunks <see cref="Split"/> can make of any text of <paramref name="length"/> characters, whatever they
    /// are: what the longest accepted text may cost, known when the options are validated, before any text is seen.
    /// </summary>
    public static int MostChunks(int length, TextChunkLimit limit, int overlap)
    {
        // A chunk that starts this close to the end is the last one (FitsOneChunk: no character takes more than 3 bytes).
        var alwaysFits = limit.CountsUtf8Bytes ? limit.MaxUnits / 3 : limit.MaxUnits;
        if (length <= alwaysFits)
        {
            return 1;
        }

        // Any other chunk holds at least this many characters (FitEnd stops short by less than one character's units)
        // and moves the next start on by all but what a boundary gives back, the overlap, and one character more to keep
        // a surrogate pair whole (NextStart).
        var fewestCharacters = limit.CountsUtf8Bytes ? (limit.MaxUnits - 3) / 3 : limit.MaxUnits - 1;
        var leastStep = Math.Max(1, fewestCharacters - MaxBoundarySearch - Math.Max(0, overlap) - 1);

        // Every chunk but the last starts before length - alwaysFits, each at least leastStep after the one before.
        return (int)Math.Min(int.MaxValue, 1 + ((long)length - alwaysFits + leastStep - 1) / leastStep);
    }

    // One walk for Split and Count, so that the count cannot drift from the chunks that are then checked.
    private static int Walk(string text, TextChunkLimit limit, int overlap, List<TextSegment>? segments)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.MaxUnits, 4);
        overlap = Math.Max(0, overlap);

        var count = 0;
        var start = 0;
        while (true)
        {
            count++;
            var end = FitEnd(text, start, limit);
            if (end == text.Length)
            {
                segments?.Add(new TextSegment(start, end - start));
                return count;
            }

            // An overlap as long as the chunk would never move forward; half a chunk still covers any phrase shorter than it.
            var chunkOverlap = Math.Min(overlap, (end - start) / 2);
            end = PreferBoundary(text, start, end, chunkOverlap);
            segments?.Add(new TextSegment(start, end - start));
            start = NextStart(text, start, end, chunkOverlap);
        }
    }

    /// <summary>The furthest end from <paramref name="start"/> that stays under the limit and outside a surrogate pair.</summary>
    private static int FitEnd(string text, int start, TextChunkLimit limit)
    {
        var used = 0;
        var i = start;
        while (i < text.Length)
        {
            var width = IsPairAt(text, i) ? 2 : 1;
            var cost = limit.CountsUtf8Bytes ? Utf8Bytes(text[i], width) : width;
            if (used + cost > limit.MaxUnits)
            {
                break;
            }

            used += cost;
            i += width;
        }

        return i;
    }

    private static int Utf8Bytes(char c, int width) => width == 2 ? 4 : c switch
    {
        < (char)0x80 => 1,
        < (char)0x800 => 2,
        _ => 3, // including a lone surrogate, which is sent as U+FFFD
    };

    private static int PreferBoundary(string text, int start, int end, int chunkOverlap)
    {
        // The split goes after text[i]; i >= start + chunkOverlap keeps the next chunk starting after this one.
        var lowest = Math.Max(start + chunkOverlap, end - Math.Min(MaxBoundarySearch, (end - start) / 4));
        for (var i = end - 1; i >= lowest; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSeparator(c))
            {
                return i + 1;
            }
        }

        return end;
    }

    private static int NextStart(string text, int start, int end, int chunkOverlap)
    {
        var next = end - chunkOverlap;
        if (next > 0 && char.IsLowSurrogate(text[next]) && char.IsHighSurrogate(text[next - 1]))
        {
            // Prefer one more character of overlap; step forward only when stepping back would not move on.
            next = next - 1 > start ? next - 1 : next + 1;
        }

        return next;
    }

    private static bool IsPairAt(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}
