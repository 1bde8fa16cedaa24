using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Stops the walk of a request's values once they hold more distinct texts than <see cref="WeChatTextOptions.MaxChecksPerRequest"/>
/// or distinct images than <see cref="WeChatImageOptions.MaxChecksPerRequest"/> allow: the request is then refused
/// whatever else it holds, and a body of 100,000 strings would otherwise be walked, keyed and listed whole before the 413.
/// Each distinct text is at least one call, so more distinct texts than the limit is certainly more calls; a request
/// within it is left to <see cref="WeChatCheckRunner"/>, which counts the calls exactly.
/// </summary>
/// <remarks>
/// Values are counted repeats included until that count passes a limit, which most requests never do: only then are
/// they told apart (text and scene, as the runner tells them apart; files by reference), from what was collected before.
/// </remarks>
internal sealed class CollectionBudget(WeChatSecurityOptions settings, ILogger logger, string target)
{
    private int _counted;
    private int _texts;
    private int _images;
    private HashSet<(string Text, WeChatScene? Scene)>? _distinctTexts;
    private HashSet<IFormFile>? _distinctImages;

    /// <summary>Counts the values added to <paramref name="sink"/> since the last call.</summary>
    /// <exception cref="WeChatInvalidContentException">The values hold more distinct texts or images than a request may check (413).</exception>
    public void CountNew(List<CollectedValue> sink)
    {
        for (; _counted < sink.Count; _counted++)
        {
            var value = sink[_counted];
            if (value.File is { } file)
            {
                CountImage(sink, file);
            }
            else if (IsChecked(value.Text))
            {
                CountText(sink, value.Text, value.Scene);
            }
        }
    }

    private void CountText(List<CollectedValue> sink, string text, WeChatScene? scene)
    {
        var limit = settings.Text.MaxChecksPerRequest;
        if (++_texts <= limit)
        {
            return;
        }

        if (_distinctTexts is null)
        {
            _distinctTexts = [];
            for (var i = 0; i < _counted; i++)
            {
                if (sink[i] is { File: null, Text: var earlier } && IsChecked(earlier))
                {
                    _distinctTexts.Add((earlier, sink[i].Scene));
                }
            }
        }

        if (_distinctTexts.Add((text, scene)) && _distinctTexts.Count > limit)
        {
            throw TooMany(logger, target, _distinctTexts.Count, "text", limit, string.Create(CultureInfo.InvariantCulture, $"The request carries at least {_distinctTexts.Count:N0} distinct texts to check, needing at least {_distinctTexts.Count:N0} WeChat calls (a long text takes one per chunk); at most {limit:N0} calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest)."));
        }
    }

    private void CountImage(List<CollectedValue> sink, IFormFile file)
    {
        var limit = settings.Images.MaxChecksPerRequest;
        if (++_images <= limit)
        {
            return;
        }

        if (_distinctImages is null)
        {
            _distinctImages = new(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < _counted; i++)
            {
                if (sink[i].File is { } earlier)
                {
                    _distinctImages.Add(earlier);
                }
            }
        }

        if (_distinctImages.Add(file) && _distinctImages.Count > limit)
        {
            throw TooMany(logger, target, _distinctImages.Count, "image", limit, string.Create(CultureInfo.InvariantCulture, $"The request carries at least {_distinctImages.Count:N0} distinct images to check; at most {limit:N0} are accepted (WeChatSecurity:Images:MaxChecksPerRequest)."));
        }
    }

    // Blank text is passed without a call and text over the length limit refuses the request on its own: neither is a
    // call, as the runner counts them.
    private bool IsChecked([NotNullWhen(true)] string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= settings.Text.MaxTextLength;

    /// <summary>
    /// The refusal of a request over a per-request limit (413, with <paramref name="message"/> naming the limit), logged
    /// once: here while collecting, and by <see cref="WeChatCheckRunner"/> when it counts the calls exactly.
    /// </summary>
    public static WeChatInvalidContentException TooMany(ILogger logger, string target, int count, string kind, int limit, string message)
    {
        WeChatCheckLog.TooManyChecks(logger, target, count, kind, limit);
        return new WeChatInvalidContentException(WeChatInvalidContentReason.TooLarge, message);
    }
}
