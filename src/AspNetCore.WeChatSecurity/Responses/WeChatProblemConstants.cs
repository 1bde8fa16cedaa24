namespace AspNetCore.WeChatSecurity.Responses;

/// <summary>The fixed words and numbers of the responses the filters and the middleware write.</summary>
internal static class WeChatProblemConstants
{
    /// <summary>The Retry-After sent when WeChat did not say when to try again, in seconds.</summary>
    public const int DefaultRetryAfterSeconds = 30;

    public const string ProblemJsonContentType = "application/problem+json";

    public const string ProblemXmlContentType = "application/problem+xml";

    public const string RejectedTitle = "One or more fields were rejected by WeChat's content-security check.";

    public const string InvalidContentTitle = "The content cannot be checked.";

    public const string UnavailableTitle = "The content-security check is unavailable.";

    public const string UnavailableType = "https://tools.ietf.org/html/rfc9110#section-15.6.4";

    public const string ErrorCodeExtension = "errcode";

    public const string SuggestExtension = "suggest";

    public const string LabelExtension = "label";

    /// <summary>Per-field detail: <c>{"Comment": {"suggest": "risky", "label": 20001, "traceId": "..."}}</c>.</summary>
    public const string WeChatExtension = "wechat";

    public const string TraceIdField = "traceId";

    /// <summary>No Retry-After: trying again will not help until the application's configuration is fixed.</summary>
    public const string FailedDetail = "The content could not be checked for safety, so it was not accepted.";

    public static string UnavailableDetail(int retryAfterSeconds) =>
        $"The content could not be checked for safety right now, so it was not accepted. Please try again in {retryAfterSeconds} seconds.";
}
