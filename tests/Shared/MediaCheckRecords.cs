namespace AspNetCore.WeChatSecurity.TestData;

/// <summary>
/// Media check records as the store and sweeper tests write them straight into a store: an image check named by its id
/// ("trace-" and "post-" before the id give its trace and correlation ids), submitted 35 minutes before it is due.
/// Shared as a linked source file by the library's tests and the Redis tests, which put the same records in each store.
/// </summary>
internal static class MediaCheckRecords
{
    /// <summary>A check waiting for WeChat's verdict, due at <paramref name="dueAt"/>, its deadline 5 minutes before.</summary>
    public static WeChatMediaCheckRecord Pending(string id, DateTimeOffset dueAt) => new()
    {
        Id = id,
        TraceId = "trace-" + id,
        CorrelationIds = ["post-" + id],
        MediaType = WeChatMediaType.Image,
        MediaUrl = new Uri($"https://cdn.example.test/{id}.png"),
        SubmittedAt = dueAt.AddMinutes(-35),
        Deadline = dueAt.AddMinutes(-5),
        DueAt = dueAt,
    };

    /// <summary>A check whose verdict (pass) came at <paramref name="dueAt"/>, due for delivery then.</summary>
    public static WeChatMediaCheckRecord Decided(string id, DateTimeOffset dueAt) => Pending(id, dueAt) with
    {
        Result = new WeChatMediaCheckResult { Outcome = WeChatMediaCheckOutcome.Pass, TraceId = "trace-" + id, CreatedAt = dueAt },
    };
}
