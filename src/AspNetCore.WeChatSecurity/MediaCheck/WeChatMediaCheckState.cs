namespace AspNetCore.WeChatSecurity;

/// <summary>Where an asynchronous media check stands in its one-way life: pending, decided, delivered.</summary>
public enum WeChatMediaCheckState
{
    /// <summary>Submitted to WeChat; no verdict yet.</summary>
    Pending = 0,

    /// <summary>The outcome is known (pushed, timed out, or from the verdict cache) but not yet handed to every handler.</summary>
    Decided = 1,

    /// <summary>Every correlation id has had its outcome delivered. Kept for a while so that WeChat's retried pushes are recognised.</summary>
    Delivered = 2,
}
