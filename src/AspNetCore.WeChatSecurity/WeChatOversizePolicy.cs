namespace AspNetCore.WeChatSecurity;

/// <summary>What happens to an image over WeChat's limits (1 MB, 750x1334 pixels by default).</summary>
public enum WeChatOversizePolicy
{
    /// <summary>Answer 413 ProblemDetails naming the limits (the default).</summary>
    Reject = 0,

    /// <summary>Shrink the image through the application's <see cref="IWeChatImageResizer"/>, then check it.</summary>
    Resize = 1,

    /// <summary>Send images over the pixel limit anyway (the byte limit still applies: WeChat refuses those with 40006).</summary>
    SendAnyway = 2,
}
