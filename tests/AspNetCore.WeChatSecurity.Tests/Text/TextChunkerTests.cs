using System.Text;
using AspNetCore.WeChatSecurity.Text;

namespace AspNetCore.WeChatSecurity.Tests.Text;

public class TextChunkerTests
{
    [Fact]
    public void TextUnderTheLimit_OneSegment()
    {
        var text = new string('a', 2500);

        var segments = TextChunker.Split(text, TextChunkLimit.V2, 50);

        Assert.Equal([new TextSegment(0, 2500)], segments);
    }

    [Fact]
    public void V2TextWithoutBoundaries_ChunksOf2500WithExactOverlap()
    {
        var text = new string('a', 6000);

        var segments = TextChunker.Split(text, TextChunkLimit.V2, 50);

        Assert.Equal([new TextSegment(0, 2500), new TextSegment(2450, 2500), new TextSegment(4900, 1100)], segments);
    }

    [Fact]
    public void V1MultiByteText_EveryChunkUnderTheByteLimit()
    {
        // 3 bytes per character: 600,000 bytes in all, so characters alone would misjudge the limit.
        var text = string.Concat(Enumerable.Repeat("中文内容安全", 200_000 / 6)) + "é😀";

        var segments = TextChunker.Split(text, TextChunkLimit.V1, 50);

        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.InRange(Encoding.UTF8.GetByteCount(s.Of(text)), 1, (500 * 1024) - 1));
        Assert.True(Encoding.UTF8.GetByteCount(segments[0].Of(text)) > (500 * 1024) - 1024 - 3, "the first chunk should fill the limit");
        AssertCoveredWithOverlap(text, segments, 50);
    }

    [Theory]
    [InlineData("", 49)]
    [InlineData("", 50)]
    [InlineData("", 51)]
    [InlineData("a", 49)]
    [InlineData("a", 50)]
    [InlineData("a", 51)]
    public void SurrogatePairs_NeverSplit(string prefix, int overlap)
    {
        var text = prefix + string.Concat(Enumerable.Repeat("😀", 4000));

        var segments = TextChunker.Split(text, TextChunkLimit.V2, overlap);

        Assert.True(segments.Count > 2);
        foreach (var segment in segments)
        {
            Assert.InRange(segment.Length, 1, 2500);
            Assert.False(char.IsLowSurrogate(text[segment.Start]), $"chunk at {segment.Start} starts inside a pair");
            Assert.False(char.IsHighSurrogate(text[segment.End - 1]), $"chunk ending at {segment.End} ends inside a pair");
        }

        AssertCoveredWithOverlap(text, segments, overlap - 1);
    }

    [Fact]
    public void V1ByteLimitWithFourByteCharacters_NeverSplitsAPair()
    {
        var text = "ab" + string.Concat(Enumerable.Repeat("😀", 200_000));

        var segments = TextChunker.Split(text, TextChunkLimit.V1, 50);

        Assert.All(segments, s =>
        {
            Assert.False(char.IsLowSurrogate(text[s.Start]));
            Assert.False(char.IsHighSurrogate(text[s.End - 1]));
            Assert.True(Encoding.UTF8.GetByteCount(s.Of(text)) <= TextChunkLimit.V1.MaxUnits);
        });
    }

    [Fact]
    public void TextWithSpaces_SplitsAfterWhitespaceNearTheLimit()
    {
        var text = string.Concat(Enumerable.Repeat("wordy ", 2000));

        var segments = TextChunker.Split(text, TextChunkLimit.V2, 50);

        foreach (var segment in segments.SkipLast(1))
        {
            Assert.Equal(' ', text[segment.End - 1]);
            Assert.InRange(segment.Length, 2500 - 6, 2500);
        }

        AssertCoveredWithOverlap(text, segments, 50);
    }

    [Fact]
    public void ChinesePunctuation_CountsAsABoundary()
    {
        var text = string.Concat(Enumerable.Repeat("内容安全检查。", 1000));

        var segments = TextChunker.Split(text, TextChunkLimit.V2, 20);

        Assert.All(segments.SkipLast(1), s => Assert.Equal('。', text[s.End - 1]));
    }

    [Fact]
    public void OverlapLongerThanAChunk_StillMovesForward()
    {
        var text = new string('x', 20_000);

        var segments = TextChunker.Split(text, TextChunkLimit.V2, 10_000);

        Assert.InRange(segments.Count, 8, 20);
        for (var i = 1; i < segments.Count; i++)
        {
            Assert.True(segments[i].Start > segments[i - 1].Start);
        }

        Assert.Equal(text.Length, segments[^1].End);
    }

    [Fact]
    public void TextAroundEveryLimit_FitsOneChunkExactlyWhenSplitGivesOneSegment()
    {
        // Each unit at the limit and one over it: ASCII, 2- and 3-byte characters, pairs and lone surrogates.
        string[] units = ["a", "é", "中", "😀", "\uD800", "\uDC00"];
        TextChunkLimit[] limits = [TextChunkLimit.V1, TextChunkLimit.V2, new(12, CountsUtf8Bytes: true), new(12, CountsUtf8Bytes: false)];
        foreach (var limit in limits)
        {
            foreach (var unit in units)
            {
                var cost = limit.CountsUtf8Bytes ? Encoding.UTF8.GetByteCount(unit) : unit.Length;
                var atLimit = string.Concat(Enumerable.Repeat(unit, limit.MaxUnits / cost));
                foreach (var text in new[] { atLimit, atLimit + "a", atLimit + unit, "a" + atLimit[..^unit.Length] })
                {
                    var oneSegment = TextChunker.Split(text, limit, 50).Count == 1;

                    Assert.True(oneSegment == TextChunker.FitsOneChunk(text, limit), $"{text.Length} units of '{unit}' under {limit}");
                }
            }
        }
    }

    // Count walks as Split does: the calls a request's texts are refused for are the chunks then checked.
    [Fact]
    public void Count_IsTheNumberOfSegmentsSplitMakes()
    {
        var random = new Random(20261129);
        TextChunkLimit[] limits = [TextChunkLimit.V2, new(12, CountsUtf8Bytes: true), new(40, CountsUtf8Bytes: false)];
        foreach (var limit in limits)
        {
            foreach (var overlap in new[] { 0, 5, 50 })
            {
                for (var i = 0; i < 60; i++)
                {
                    var text = RandomText(random, random.Next(0, limit.MaxUnits * 8), boundaryEvery: 1 + random.Next(400));

                    Assert.Equal(TextChunker.Split(text, limit, overlap).Count, TextChunker.Count(text, limit, overlap));
                }
            }
        }
    }

    // The bound the options validator holds MaxChecksPerRequest to: no text of a length makes more chunks, whatever its
    // characters (ASCII, 3-byte, pairs) and wherever its boundaries fall (none, sparse, dense), whatever the overlap.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 50)]
    [InlineData(false, 1000)]
    [InlineData(true, 50)]
    [InlineData(true, 1000)]
    public void MostChunks_IsNeverBelowWhatSplitMakes(bool v1, int overlap)
    {
        var limit = v1 ? TextChunkLimit.V1 : TextChunkLimit.V2;
        var random = new Random(overlap + (v1 ? 1 : 0));
        var longest = v1 ? 1_200_000 : 40_000;
        for (var i = 0; i < (v1 ? 12 : 200); i++)
        {
            var text = RandomText(random, random.Next(1, longest), boundaryEvery: i % 3 == 0 ? int.MaxValue : 1 + random.Next(600));

            var chunks = TextChunker.Count(text, limit, overlap);

            Assert.True(chunks <= TextChunker.MostChunks(text.Length, limit, overlap), $"{text.Length} characters made {chunks} chunks, over {TextChunker.MostChunks(text.Length, limit, overlap)}");
        }
    }

    [Fact]
    public void MostChunks_OfTheDefaults_IsWithinTheDefaultLimit()
    {
        Assert.Equal(1, TextChunker.MostChunks(2500, TextChunkLimit.V2, 50));
        Assert.Equal(2, TextChunker.MostChunks(2501, TextChunkLimit.V2, 50));
        Assert.Equal(46, TextChunker.MostChunks(100_000, TextChunkLimit.V2, 50));
        Assert.Equal(1, TextChunker.MostChunks(100_000, TextChunkLimit.V1, 50));
        Assert.True(TextChunker.Count(new string('a', 100_000), TextChunkLimit.V2, 50) <= 46);
    }

    // Letters, CJK (3 UTF-8 bytes), emoji (surrogate pairs), with a space or a full stop about every boundaryEvery characters.
    private static string RandomText(Random random, int length, int boundaryEvery)
    {
        string[] pieces = ["a", "Z", "中", "文", "😀", "é"];
        var builder = new StringBuilder(length + 2);
        while (builder.Length < length)
        {
            builder.Append(boundaryEvery != int.MaxValue && random.Next(boundaryEvery) == 0
                ? (random.Next(2) == 0 ? " " : "。")
                : pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }

    private static void AssertCoveredWithOverlap(string text, IReadOnlyList<TextSegment> segments, int minimumOverlap)
    {
        Assert.Equal(0, segments[0].Start);
        Assert.Equal(text.Length, segments[^1].End);
        for (var i = 1; i < segments.Count; i++)
        {
            var overlap = segments[i - 1].End - segments[i].Start;
            Assert.True(overlap >= minimumOverlap, $"chunks {i - 1} and {i} overlap by {overlap}");
            Assert.True(segments[i].Start > segments[i - 1].Start);
        }
    }
}
