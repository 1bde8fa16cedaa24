using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.Responses;

/// <summary>
/// The one builder of the library's ProblemDetails (422, 413, 415, 400, 503), whatever answers: MVC's filters, minimal
/// API filters and the middleware. Every body is written through the application's <see cref="IProblemDetailsService"/>,
/// so its <c>CustomizeProblemDetails</c> sees the finished body, extensions included, and its writers (MVC's content
/// negotiation among them) apply.
/// </summary>
internal static class WeChatProblems
{
    /// <summary>The one answer for an outcome that is not <see cref="WeChatCheckOutcomeKind.Passed"/>, for MVC, minimal APIs and the middleware alike.</summary>
    public static WeChatProblemResult Create(WeChatCheckOutcome outcome, WeChatSecurityOptions options)
    {
        switch (outcome.Kind)
        {
            case WeChatCheckOutcomeKind.Rejected:
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                foreach (var rejection in outcome.Rejections)
                {
                    errors[rejection.Key] = [options.RejectionMessage];
                }

                var rejected = new HttpValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = WeChatProblemConstants.RejectedTitle,
                };
                AddRejectionExtensions(rejected, outcome.Rejections);
                return new WeChatProblemResult(rejected, retryAfterSeconds: null);
            case WeChatCheckOutcomeKind.InvalidContent:
                ProblemDetails invalid = outcome.InvalidFields.Count > 0
                    ? new HttpValidationProblemDetails(outcome.InvalidFields.ToDictionary(f => f, _ => new[] { outcome.Detail! }, StringComparer.Ordinal))
                    : new ProblemDetails();
                invalid.Status = StatusFor(outcome.Reason);
                invalid.Title = WeChatProblemConstants.InvalidContentTitle;
                invalid.Detail = outcome.Detail;
                return new WeChatProblemResult(invalid, retryAfterSeconds: null);
            case WeChatCheckOutcomeKind.Failed:
                var failed = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = WeChatProblemConstants.UnavailableTitle,
                    Type = WeChatProblemConstants.UnavailableType,
                    Detail = WeChatProblemConstants.FailedDetail,
                };
                return new WeChatProblemResult(failed, retryAfterSeconds: null);
            default:
                var seconds = RetryAfterSeconds(outcome.RetryAfter);
                var unavailable = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = WeChatProblemConstants.UnavailableTitle,
                    Type = WeChatProblemConstants.UnavailableType,
                    Detail = WeChatProblemConstants.UnavailableDetail(seconds),
                };
                return new WeChatProblemResult(unavailable, seconds);
        }
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

    // errcode always; suggest and label of the first field with a v2 verdict (v1 verdicts carry no label); and, per
    // field, what WeChat said, so that a client with several rejected fields can tell them apart.
    private static void AddRejectionExtensions(ProblemDetails problem, IReadOnlyList<WeChatFieldRejection> rejections)
    {
        problem.Extensions[WeChatProblemConstants.ErrorCodeExtension] = WeChatErrorCodes.RiskyContent;
        var deciding = rejections.FirstOrDefault(r => r.Verdict.Label is not null);
        if (deciding is not null)
        {
            problem.Extensions[WeChatProblemConstants.SuggestExtension] = ToWire(deciding.Verdict.Suggestion);
            problem.Extensions[WeChatProblemConstants.LabelExtension] = deciding.Verdict.Label;
        }

        var fields = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var rejection in rejections)
        {
            var detail = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [WeChatProblemConstants.SuggestExtension] = ToWire(rejection.Verdict.Suggestion),
            };
            if (rejection.Verdict.Label is { } label)
            {
                detail[WeChatProblemConstants.LabelExtension] = label;
            }

            if (rejection.Verdict.TraceId is { } traceId)
            {
                detail[WeChatProblemConstants.TraceIdField] = traceId;
            }

            fields[rejection.Key] = detail;
        }

        problem.Extensions[WeChatProblemConstants.WeChatExtension] = fields;
    }
}
