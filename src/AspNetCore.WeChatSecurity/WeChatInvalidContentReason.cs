namespace AspNetCore.WeChatSecurity;

/// <summary>Why content cannot be checked as it is.</summary>
public enum WeChatInvalidContentReason
{
    /// <summary>Empty, truncated or damaged, or nested too deep to walk (answered 400).</summary>
    Unreadable = 0,

    /// <summary>Over a size limit: text length, image bytes or dimensions, texts or images in one request (answered 413).</summary>
    TooLarge = 1,

    /// <summary>An image that is not PNG, JPEG or GIF (answered 415).</summary>
    UnsupportedFormat = 2,
}
