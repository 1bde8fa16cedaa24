using System.Security.Cryptography;
using AspNetCore.WeChatSecurity.Testing.Serialization;

namespace AspNetCore.WeChatSecurity.Testing.Verdicts;

/// <summary>The emulator's idea of risky: configured phrases contained in the text, or media whose hash is listed.</summary>
internal sealed class ContentModerator(WeChatEmulatorOptions options)
{
    public TextVerdict CheckText(IEnumerable<string?> texts)
    {
        var present = texts.OfType<string>().ToArray();
        return Find(present, options.RiskyTexts, TextVerdict.Risky)
            ?? Find(present, options.ReviewTexts, TextVerdict.Review)
            ?? TextVerdict.Passed;
    }

    public TextVerdict CheckMedia(ReadOnlySpan<byte> media)
    {
        var risky = media.SequenceEqual(TestImages.Risky)
            || options.RiskyMediaSha256.Contains(Convert.ToHexStringLower(SHA256.HashData(media)));
        return risky ? new TextVerdict(TextVerdict.Risky, options.RiskyMediaLabel, null) : TextVerdict.Passed;
    }

    /// <summary>The v2 <c>detail</c> list: the model's finding, plus the keyword strategy's when a phrase matched.</summary>
    public static IReadOnlyList<DetailBody> Details(TextVerdict verdict, bool text)
    {
        var model = new DetailBody("content_model", 0, verdict.Suggest, verdict.Label, Probability: 90);
        if (!text || verdict.Keyword is null)
        {
            return [model];
        }

        return [model, new DetailBody("keyword", 0, verdict.Suggest, verdict.Label, verdict.Keyword, Level: 20)];
    }

    private static TextVerdict? Find(string[] texts, IDictionary<string, int> phrases, string suggest)
    {
        foreach (var (phrase, label) in phrases)
        {
            if (phrase.Length > 0 && texts.Any(text => text.Contains(phrase, StringComparison.Ordinal)))
            {
                return new TextVerdict(suggest, label, phrase);
            }
        }

        return null;
    }
}
