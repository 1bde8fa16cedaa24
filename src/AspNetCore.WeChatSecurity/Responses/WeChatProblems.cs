using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.Responses;

/// <summary>
/// The one builder of the library's ProblemDetails (422, 413, 415, 400, 503), whatever answers: MVC's filters, minimal
/// API filters and the middleware, each calling the method for its answer. Every body is written through the
/// application's <see cref="IProblemDetailsService"/>, so its <c>CustomizeProblemDetails</c> sees the finished body,
/// extensions included, and its writers (MVC's content negotiation among them) apply.
/// </summary>
internal static class WeChatProblems
{
    /// <summary>
    /// 422: WeChat rejected these fields, each with the verdict that rejected it, in declaration order. Besides the
    /// errors: errcode always; suggest and label of the first field with a v2 verdict (v1 verdicts carry no label);
    /// and, per field, what WeChat said, so that a client with several rejected fields can tell them apart.
    /// </summary>
    public static WeChatProblemResult Rejected(IReadOnlyList<(string Key, WeChatVerdict Verdict)> rejections, string message)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        WeChatVerdict? deciding = null;
        foreach (var (key, verdict) in rejections)
        {
            errors[key] = [message];
            if (deciding is null && verdict.Label is not null)
            {
                deciding = verdict;
            }

            var detail = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [WeChatProblemConstants.SuggestExtension] = ToWire(verdict.Suggestion),
            };
            if (verdict.Label is { } label)
            {
                detail[WeChatProblemConstants.LabelExtension] = label;
            }

            if (verdict.TraceId is { } traceId)
            {
                detail[WeChatProblemConstants.TraceIdField] = traceId;
            }

            fields[key] = detail;
        }

        var rejected = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = WeChatProblemConstants.RejectedTitle,
        };
        rejected.Extensions[WeChatProblemConstants.ErrorCodeExtension] = WeChatErrorCodes.RiskyContent;
        if (deciding is not null)
        {
            rejected.Extensions[WeChatProblemConstants.SuggestExtension] = ToWire(deciding.Suggestion);
            rejected.Extensions[WeChatProblemConstants.LabelExtension] = deciding.Label;
        }

        rejected.Extensions[WeChatProblemConstants.WeChatExtension] = fields;
        return new WeChatProblemResult(rejected, retryAfterSeconds: null);
    }

    /// <summary>400, 413 or 415 by <paramref name="reason"/>: content that cannot be checked as it is, keyed by its fields when known.</summary>
    public static WeChatProblemResult InvalidContent(WeChatInvalidContentReason reason, string detail, IReadOnlyList<string> fields)
    {
        ProblemDetails invalid = fields.Count > 0
            ? new HttpValidationProblemDetails(fields.ToDictionary(f => f, _ => new[] { detail }, StringComparer.Ordinal))
            : new ProblemDetails();
        invalid.Status = StatusFor(reason);
        invalid.Title = WeChatProblemConstants.InvalidContentTitle;
        invalid.Detail = detail;
        return new WeChatProblemResult(invalid, retryAfterSeconds: null);
    }

    /// <summary>Content the service refused to send (400, 413, 415), keyed by its field when known.</summary>
    public static WeChatProblemResult InvalidContent(WeChatInvalidContentException invalid) =>
        InvalidContent(invalid.Reason, invalid.Message, invalid.Field is null ? [] : [invalid.Field]);

    /// <summary>503 without Retry-After: the check could not be asked as it should, and trying again will not help.</summary>
    public static WeChatProblemResult Failed() => new(
        new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = WeChatProblemConstants.UnavailableTitle,
            Type = WeChatProblemConstants.UnavailableType,
            Detail = WeChatProblemConstants.FailedDetail,
        },
        retryAfterSeconds: null);

    /// <summary>503 with Retry-After: WeChat could not give a verdict and the failure mode blocks.</summary>
    public static WeChatProblemResult Unavailable(TimeSpan? retryAfter)
    {
        var seconds = RetryAfterSeconds(retryAfter);
        var unavailable = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = WeChatProblemConstants.UnavailableTitle,
            Type = WeChatProblemConstants.UnavailableType,
            Detail = WeChatProblemConstants.UnavailableDetail(seconds),
        };
        return new WeChatProblemResult(unavailable, seconds);
    }

    /// <summary>The status that answers invalid content: the exception says why, the response side says how.</summary>
    public static int StatusFor(WeChatInvalidContentReason reason) => reason switch
    {
        WeChatInvalidContentReason.TooLarge => StatusCodes.Status413PayloadTooLarge,
        WeChatInvalidContentReason.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Whole seconds, rounded up, at least one; the default when WeChat did not say.</summary>
    public static int RetryAfterSeconds(TimeSpan? retryAfter) => retryAfter is { } delay && delay > TimeSpan.Zero
        ? (int)Math.Min(int.MaxValue, Math.Ceiling(delay.TotalSeconds))
        : WeChatProblemConstants.DefaultRetryAfterSeconds;

    /// <summary>WeChat's spelling of a suggestion: <c>pass</c>, <c>review</c>, <c>risky</c>.</summary>
    public static string ToWire(WeChatSuggestion suggestion) => suggestion switch
    {
        WeChatSuggestion.Pass => "pass",
        WeChatSuggestion.Review => "review",
        _ => "risky",
    };
}
