namespace AspNetCore.WeChatSecurity;

/// <summary>What happens when WeChat cannot give a verdict (retries spent, circuit open, quota reached, no token).</summary>
public enum WeChatFailureMode
{
    /// <summary>Answer 503 ProblemDetails with <c>Retry-After</c> (the default): unchecked content is never published.</summary>
    Block = 0,

    /// <summary>Let the request through unchecked, log a warning and count it.</summary>
    Allow = 1,
}
