namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// The one definition of which WeChat answers can be read, and of the verdict a check answer gives. An answer that
/// cannot be read is not a verdict: it is treated as WeChat failing to answer (retried, then the failure mode), and it
/// is never a pass and never cached.
/// </summary>
internal static class WeChatAnswers
{
    /// <summary>
    /// A check answer (text v1, image) is readable when <c>errcode</c> is present as a number. 0 passes, 87014 is risky,
    /// any other code is an error the client sorts.
    /// </summary>
    public static readonly Func<WeChatResponse, bool> IsReadableV1Check = static response => response.ErrCode is not null;

    /// <summary>
    /// A text v2 answer is readable when <c>errcode</c> is present as a number and, when it is 0, <c>result.suggest</c>
    /// is one WeChat documents (pass, review, risky): a new or missing suggestion cannot publish content by accident.
    /// </summary>
    public static readonly Func<WeChatResponse, bool> IsReadableV2Check = static response => response.ErrCode switch
    {
        null => false,
        WeChatErrorCodes.Ok => ParseSuggestion(response.Result?.Suggest) is not null,
        _ => true,
    };

    /// <summary>A media check submission is readable when <c>errcode</c> is present as a number.</summary>
    public static readonly Func<WeChatResponse, bool> IsReadableSubmission = IsReadableV1Check;

    /// <summary>A token answer is readable when it carries a token, or a non-zero <c>errcode</c> saying why not.</summary>
    public static readonly Func<WeChatResponse, bool> IsReadableToken = static response =>
        !string.IsNullOrEmpty(response.AccessToken) || response.ErrCode is { } code && code != WeChatErrorCodes.Ok;

    /// <summary>True when a readable check answer is a verdict (errcode 0 or 87014) rather than an error.</summary>
    public static bool IsVerdict(WeChatResponse response) =>
        response.ErrCode is WeChatErrorCodes.Ok or WeChatErrorCodes.RiskyContent;

    /// <summary>The verdict of a readable check answer for which <see cref="IsVerdict"/> is true.</summary>
    /// <param name="response">WeChat's answer.</param>
    /// <param name="version">1 for text v1 and images (errcode decides), 2 for text v2 (<c>result.suggest</c> decides).</param>
    public static WeChatVerdict ToVerdict(WeChatResponse response, int version)
    {
        var code = response.ErrCode!.Value;
        var suggestion = code == WeChatErrorCodes.RiskyContent ? WeChatSuggestion.Risky
            : version == 2 ? ParseSuggestion(response.Result?.Suggest)!.Value
            : WeChatSuggestion.Pass;
        return new WeChatVerdict(suggestion, code, response.Result?.Label, response.TraceId, FromCache: false);
    }

    /// <summary>WeChat's spelling of a suggestion, or null for one it does not document.</summary>
    public static WeChatSuggestion? ParseSuggestion(string? suggest) => suggest switch
    {
        _ when string.Equals(suggest, "pass", StringComparison.OrdinalIgnoreCase) => WeChatSuggestion.Pass,
        _ when string.Equals(suggest, "review", StringComparison.OrdinalIgnoreCase) => WeChatSuggestion.Review,
        _ when string.Equals(suggest, "risky", StringComparison.OrdinalIgnoreCase) => WeChatSuggestion.Risky,
        _ => null,
    };
}
