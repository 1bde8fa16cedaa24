namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>What one attempt to hand a check's outcome to the handlers came to.</summary>
internal enum DeliveryOutcome
{
    /// <summary>The handlers ran for every correlation id, and the check is marked delivered.</summary>
    Delivered,

    /// <summary>It had been delivered before: nothing was called.</summary>
    AlreadyDelivered,

    /// <summary>Another server (or request) holds the check, or changed it first: try again later.</summary>
    Busy,

    /// <summary>A handler threw; the check stays undelivered and is tried again.</summary>
    HandlerFailed,

    /// <summary>The pushed trace id belongs to a stored check that cannot be read: nothing was delivered, and WeChat is to push again.</summary>
    Unreadable,

    /// <summary>
    /// The pushed trace id is a resubmission WeChat accepted that the store could not record, and still cannot: nothing
    /// was delivered, and WeChat is to push again.
    /// </summary>
    NotRecorded,
}
