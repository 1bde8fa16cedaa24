namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>A verdict push the emulator sent (or tried to send) for one <c>media_check_async</c> call.</summary>
public sealed class WeChatEmulatorPush
{
    internal WeChatEmulatorPush(
        string traceId,
        int version,
        Uri mediaUrl,
        bool mediaFetched,
        string suggest,
        int label,
        Uri? requestUri,
        string message,
        string body,
        int attempts,
        int? statusCode,
        string? error)
    {
        TraceId = traceId;
        Version = version;
        MediaUrl = mediaUrl;
        MediaFetched = mediaFetched;
        Suggest = suggest;
        Label = label;
        RequestUri = requestUri;
        Message = message;
        Body = body;
        Attempts = attempts;
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>The trace id <c>media_check_async</c> answered with.</summary>
    public string TraceId { get; }

    /// <summary>The API version of the call: 1 or 2.</summary>
    public int Version { get; }

    /// <summary>The media URL that was checked.</summary>
    public Uri MediaUrl { get; }

    /// <summary>Whether the media could be downloaded (false: the push carries -1008).</summary>
    public bool MediaFetched { get; }

    /// <summary>The verdict: <c>pass</c> or <c>risky</c> (v1 reports it as <c>isrisky</c>).</summary>
    public string Suggest { get; }

    /// <summary>The verdict's label: 100 for pass.</summary>
    public int Label { get; }

    /// <summary>The URL pushed to, with its query (<c>signature</c>, <c>timestamp</c>, <c>nonce</c>...); null when no push URL was set.</summary>
    public Uri? RequestUri { get; }

    /// <summary>The event in clear (XML or JSON), before any encryption.</summary>
    public string Message { get; }

    /// <summary>The body as sent.</summary>
    public string Body { get; }

    /// <summary>How many times the push was sent.</summary>
    public int Attempts { get; }

    /// <summary>The application's last HTTP status, if it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>Why the push was not delivered, or null when the application answered 2xx.</summary>
    public string? Error { get; }

    /// <summary>Whether the application answered the push with a 2xx status.</summary>
    public bool Delivered => Error is null;
}
