namespace AspNetCore.WeChatSecurity;

/// <summary>A verdict pushed by WeChat for an asynchronous media check.</summary>
public sealed record WeChatMediaCheckResult
{
    /// <summary>The trace id returned when the check was submitted.</summary>
    public required string TraceId { get; init; }

    /// <summary>The mini program's AppId, as WeChat sent it.</summary>
    public string? AppId { get; init; }

    /// <summary>1 or 2: the version of <c>media_check_async</c> that was called.</summary>
    public int Version { get; init; }

    /// <summary>Pass, review or risky. For version 1, <c>isrisky</c> 1 is risky and 0 is pass.</summary>
    public WeChatSuggestion Suggestion { get; init; }

    /// <summary>Version 2's label (100 normal, 20002 porn...), when sent.</summary>
    public int? Label { get; init; }

    /// <summary>Version 2's <c>errcode</c>, or version 1's <c>status_code</c>: 0, or -1008 when WeChat could not download the media.</summary>
    public int ErrorCode { get; init; }

    /// <summary>True when WeChat could not download the media (-1008): the verdict says nothing about the content.</summary>
    public bool CouldNotDownload => ErrorCode == -1008;

    /// <summary>When WeChat created the push.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
