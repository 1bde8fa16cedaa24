using System.Globalization;

namespace AspNetCore.WeChatSecurity.Testing;

/// <summary>
/// The contract every <see cref="IWeChatMediaCheckStore"/> must meet, as runnable cases: derive, say how to create an
/// empty store, and run each case from your test framework. With xUnit:
/// <code>
/// public sealed class MyStoreContractTests : WeChatMediaCheckStoreContract
/// {
///     protected override ValueTask&lt;IWeChatMediaCheckStore&gt; CreateStoreAsync() => ValueTask.FromResult&lt;IWeChatMediaCheckStore&gt;(new MyStore(...));
///
///     [Theory]
///     [MemberData(nameof(Cases))]
///     public Task Contract(string name) => RunAsync(name);
/// }
/// </code>
/// A failed case throws <see cref="InvalidOperationException"/> saying what the store did wrong. Times in the cases
/// have millisecond precision: a store must keep at least that.
/// </summary>
public abstract class WeChatMediaCheckStoreContract
{
    private static readonly DateTimeOffset Origin = new(2026, 3, 1, 8, 0, 0, 123, TimeSpan.Zero);

    private static readonly Dictionary<string, Func<IWeChatMediaCheckStore, Task>> All = new(StringComparer.Ordinal)
    {
        ["Add then find by trace id returns every property"] = AddedRecordRoundTripsAsync,
        ["Add refuses a second record with the same id"] = DuplicateIdRefusedAsync,
        ["Add refuses a second record with a stored trace id"] = DuplicateTraceIdRefusedAsync,
        ["Find by an unknown trace id returns null"] = UnknownTraceIdAsync,
        ["Find by an earlier trace id returns the record"] = EarlierTraceIdFoundAsync,
        ["Replace stores the next revision"] = ReplaceNextRevisionAsync,
        ["Replace refuses a stale or skipped revision"] = ReplaceWrongRevisionAsync,
        ["Replace refuses an unknown record"] = ReplaceUnknownAsync,
        ["Replace with a new trace id keeps the earlier ones found"] = ReplaceIndexesTraceIdsAsync,
        ["Concurrent replaces of one revision: exactly one wins"] = ConcurrentReplaceAsync,
        ["Find pending by media key sees pending records only"] = PendingByMediaKeyAsync,
        ["Find pending by media key returns the pending record added last"] = LastPendingByMediaKeyAsync,
        ["Due lists undelivered records at or before now, earliest first, up to the limit"] = DueAsync,
        ["Remove delivered removes only delivered records that are due"] = RemoveDeliveredAsync,
    };

    /// <summary>The names of the cases, for <see cref="RunAsync"/>.</summary>
    public static IReadOnlyList<string> CaseNames { get; } = [.. All.Keys];

    /// <summary>The case names as rows of one argument, the shape xUnit's <c>MemberData</c> and NUnit's <c>TestCaseSource</c> take.</summary>
    public static IEnumerable<object[]> Cases => CaseNames.Select(static name => new object[] { name });

    /// <summary>Runs one case on a fresh store, disposing the store afterwards when it is disposable.</summary>
    /// <param name="name">One of <see cref="CaseNames"/>.</param>
    /// <returns>A task that fails with <see cref="InvalidOperationException"/> when the store breaks the contract.</returns>
    public async Task RunAsync(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!All.TryGetValue(name, out var run))
        {
            throw new ArgumentException($"No contract case is named \"{name}\".", nameof(name));
        }

        var store = await CreateStoreAsync();
        try
        {
            await run(store);
        }
        finally
        {
            if (store is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>Creates an empty store, independent of the stores of other cases (a new file, a new key prefix...).</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IWeChatMediaCheckStore> CreateStoreAsync();

    private static WeChatMediaCheckRecord NewRecord(string id, string traceId, DateTimeOffset? dueAt = null, string? mediaKey = null) => new()
    {
        Id = id,
        TraceId = traceId,
        CorrelationIds = ["post-" + id],
        MediaType = WeChatMediaType.Image,
        MediaKey = mediaKey,
        SubmittedAt = Origin,
        Deadline = Origin.AddMinutes(30),
        DueAt = dueAt ?? Origin.AddMinutes(35),
    };

    private static async Task AddedRecordRoundTripsAsync(IWeChatMediaCheckStore store)
    {
        var record = new WeChatMediaCheckRecord
        {
            Id = "0123456789abcdef0123456789abcdef",
            TraceId = "trace-current",
            EarlierTraceIds = ["trace-first", "trace-second"],
            CorrelationIds = ["post-1", "帖子-2"],
            DeliveredCount = 1,
            MediaType = WeChatMediaType.Audio,
            MediaUrl = new Uri("https://cdn.example.com/voice/1.mp3?sig=a%2Bb"),
            MediaKey = "audio:00112233445566778899aabbccddeeff",
            ApiVersion = 2,
            Scene = WeChatScene.Forum,
            OpenId = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
            SubmittedAt = new DateTimeOffset(2026, 3, 1, 16, 0, 0, 456, TimeSpan.FromHours(8)),
            Deadline = Origin.AddMinutes(30),
            Submissions = 3,
            Result = new WeChatMediaCheckResult
            {
                Outcome = WeChatMediaCheckOutcome.Risky,
                CorrelationId = null,
                TraceId = "trace-current",
                AppId = "wx0123456789abcdef",
                Version = 2,
                Label = 20002,
                ErrorCode = 0,
                CreatedAt = Origin.AddMinutes(2),
            },
            DeliveredAt = Origin.AddMinutes(3),
            DueAt = Origin.AddMinutes(3),
            ClaimedUntil = Origin.AddMinutes(4),
            Revision = 7,
        };

        Require(await store.TryAddAsync(record, CancellationToken.None), "TryAddAsync returned false for a new record.");
        var found = await store.FindByTraceIdAsync("trace-current", CancellationToken.None);
        RequireSame(record, found, "the record found by its trace id");

        var minimal = NewRecord("fedcba9876543210fedcba9876543210", "trace-minimal");
        Require(await store.TryAddAsync(minimal, CancellationToken.None), "TryAddAsync returned false for a new record with no optional values.");
        RequireSame(minimal, await store.FindByTraceIdAsync("trace-minimal", CancellationToken.None), "a record with no optional values");
    }

    private static async Task DuplicateIdRefusedAsync(IWeChatMediaCheckStore store)
    {
        var first = NewRecord("a1", "trace-a1");
        Require(await store.TryAddAsync(first, CancellationToken.None), "TryAddAsync returned false for a new record.");
        Require(!await store.TryAddAsync(NewRecord("a1", "trace-other"), CancellationToken.None), "TryAddAsync accepted a second record with the same id.");
        Require(await store.FindByTraceIdAsync("trace-other", CancellationToken.None) is null, "A refused record's trace id was stored.");
        RequireSame(first, await store.FindByTraceIdAsync("trace-a1", CancellationToken.None), "the first record after a refused duplicate");
    }

    private static async Task DuplicateTraceIdRefusedAsync(IWeChatMediaCheckStore store)
    {
        var first = NewRecord("b1", "trace-b1") with { EarlierTraceIds = ["trace-b0"] };
        Require(await store.TryAddAsync(first, CancellationToken.None), "TryAddAsync returned false for a new record.");
        Require(!await store.TryAddAsync(NewRecord("b2", "trace-b1"), CancellationToken.None), "TryAddAsync accepted a second record with a stored current trace id.");
        Require(!await store.TryAddAsync(NewRecord("b3", "trace-b0"), CancellationToken.None), "TryAddAsync accepted a record whose trace id is another record's earlier trace id.");
        Require(!await store.TryAddAsync(NewRecord("b4", "trace-b4") with { EarlierTraceIds = ["trace-b1"] }, CancellationToken.None), "TryAddAsync accepted a record whose earlier trace id is another record's current one.");
        Require(await store.FindByTraceIdAsync("trace-b4", CancellationToken.None) is null, "A refused record's trace id was stored.");
        RequireSame(first, await store.FindByTraceIdAsync("trace-b1", CancellationToken.None), "the first record after refused duplicates");
    }

    private static async Task UnknownTraceIdAsync(IWeChatMediaCheckStore store)
    {
        Require(await store.FindByTraceIdAsync("never-stored", CancellationToken.None) is null, "FindByTraceIdAsync found a record in an empty store.");
        await store.TryAddAsync(NewRecord("c1", "trace-c1"), CancellationToken.None);
        Require(await store.FindByTraceIdAsync("trace-c", CancellationToken.None) is null, "FindByTraceIdAsync matched a prefix of a stored trace id.");
        Require(await store.FindByTraceIdAsync("TRACE-C1", CancellationToken.None) is null, "FindByTraceIdAsync ignored case: trace ids are compared ordinally.");
    }

    private static async Task EarlierTraceIdFoundAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("d1", "trace-d3") with { EarlierTraceIds = ["trace-d1", "trace-d2"] };
        await store.TryAddAsync(record, CancellationToken.None);
        foreach (var traceId in new[] { "trace-d1", "trace-d2", "trace-d3" })
        {
            RequireSame(record, await store.FindByTraceIdAsync(traceId, CancellationToken.None), $"the record found by trace id {traceId}");
        }
    }

    private static async Task ReplaceNextRevisionAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("e1", "trace-e1") with { Revision = 4 };
        await store.TryAddAsync(record, CancellationToken.None);
        var next = record with { Result = Decided("trace-e1"), DeliveredCount = 1, ClaimedUntil = Origin.AddMinutes(1), Revision = 5 };
        Require(await store.TryReplaceAsync(next, CancellationToken.None), "TryReplaceAsync refused the next revision.");
        RequireSame(next, await store.FindByTraceIdAsync("trace-e1", CancellationToken.None), "the record after a replace");

        var cleared = next with { ClaimedUntil = null, Revision = 6 };
        Require(await store.TryReplaceAsync(cleared, CancellationToken.None), "TryReplaceAsync refused the revision after that.");
        RequireSame(cleared, await store.FindByTraceIdAsync("trace-e1", CancellationToken.None), "the record after a replace that clears a value");
    }

    private static async Task ReplaceWrongRevisionAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("f1", "trace-f1") with { Revision = 2 };
        await store.TryAddAsync(record, CancellationToken.None);
        Require(!await store.TryReplaceAsync(record with { DeliveredCount = 1 }, CancellationToken.None), "TryReplaceAsync accepted a replacement with the stored revision itself.");
        Require(!await store.TryReplaceAsync(record with { DeliveredCount = 1, Revision = 1 }, CancellationToken.None), "TryReplaceAsync accepted a stale revision.");
        Require(!await store.TryReplaceAsync(record with { DeliveredCount = 1, Revision = 4 }, CancellationToken.None), "TryReplaceAsync accepted a revision that skips one.");
        RequireSame(record, await store.FindByTraceIdAsync("trace-f1", CancellationToken.None), "the record after refused replaces");
    }

    private static async Task ReplaceUnknownAsync(IWeChatMediaCheckStore store)
    {
        Require(!await store.TryReplaceAsync(NewRecord("g1", "trace-g1") with { Revision = 1 }, CancellationToken.None), "TryReplaceAsync stored a record that was never added.");
        Require(await store.FindByTraceIdAsync("trace-g1", CancellationToken.None) is null, "A refused replace left a record behind.");
    }

    private static async Task ReplaceIndexesTraceIdsAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("h1", "trace-h1");
        await store.TryAddAsync(record, CancellationToken.None);
        var resubmitted = record with { TraceId = "trace-h2", EarlierTraceIds = ["trace-h1"], Submissions = 2, Revision = 1 };
        Require(await store.TryReplaceAsync(resubmitted, CancellationToken.None), "TryReplaceAsync refused a new trace id.");
        RequireSame(resubmitted, await store.FindByTraceIdAsync("trace-h2", CancellationToken.None), "the record found by its new trace id");
        RequireSame(resubmitted, await store.FindByTraceIdAsync("trace-h1", CancellationToken.None), "the record found by its earlier trace id");

        await store.TryAddAsync(NewRecord("h9", "trace-h9"), CancellationToken.None);
        Require(!await store.TryReplaceAsync(resubmitted with { TraceId = "trace-h9", Revision = 2 }, CancellationToken.None), "TryReplaceAsync took a trace id that belongs to another record.");
        Require((await store.FindByTraceIdAsync("trace-h9", CancellationToken.None))?.Id == "h9", "A refused replace moved another record's trace id.");
    }

    private static async Task ConcurrentReplaceAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("i1", "trace-i1");
        await store.TryAddAsync(record, CancellationToken.None);
        const int Contenders = 16;
        using var start = new SemaphoreSlim(0, Contenders);
        var attempts = Enumerable.Range(0, Contenders).Select(async n =>
        {
            await start.WaitAsync();
            return await store.TryReplaceAsync(record with { DeliveredCount = n + 1, Revision = 1 }, CancellationToken.None);
        }).ToList();
        start.Release(Contenders);
        var outcomes = await Task.WhenAll(attempts);
        var winners = outcomes.Count(static won => won);
        Require(winners == 1, string.Create(CultureInfo.InvariantCulture, $"{winners} of {Contenders} concurrent replaces of one revision succeeded; exactly one must."));
        var stored = await store.FindByTraceIdAsync("trace-i1", CancellationToken.None);
        Require(stored is not null && stored.Revision == 1 && stored.DeliveredCount == Array.IndexOf(outcomes, true) + 1, "The stored record is not the winning replacement.");
    }

    private static async Task PendingByMediaKeyAsync(IWeChatMediaCheckStore store)
    {
        var record = NewRecord("j1", "trace-j1", mediaKey: "image:j");
        await store.TryAddAsync(record, CancellationToken.None);
        await store.TryAddAsync(NewRecord("j2", "trace-j2", mediaKey: "image:other"), CancellationToken.None);
        await store.TryAddAsync(NewRecord("j3", "trace-j3"), CancellationToken.None);
        RequireSame(record, await store.FindPendingByMediaKeyAsync("image:j", CancellationToken.None), "the pending record found by its media key");
        Require(await store.FindPendingByMediaKeyAsync("image:none", CancellationToken.None) is null, "FindPendingByMediaKeyAsync found a record for an unknown key.");

        Require(await store.TryReplaceAsync(record with { Result = Decided("trace-j1"), Revision = 1 }, CancellationToken.None), "TryReplaceAsync refused the next revision.");
        Require(await store.FindPendingByMediaKeyAsync("image:j", CancellationToken.None) is null, "FindPendingByMediaKeyAsync found a decided record.");
    }

    // A check full of uploads is followed by another of the same media: repeats must join the newer one, not the full one.
    private static async Task LastPendingByMediaKeyAsync(IWeChatMediaCheckStore store)
    {
        var older = NewRecord("m1", "trace-m1", mediaKey: "image:m");
        var newer = NewRecord("m0", "trace-m0", mediaKey: "image:m");
        await store.TryAddAsync(older, CancellationToken.None);
        await store.TryAddAsync(NewRecord("m2", "trace-m2", mediaKey: "image:other"), CancellationToken.None);
        await store.TryAddAsync(newer, CancellationToken.None);
        await store.TryAddAsync(NewRecord("m3", "trace-m3", mediaKey: "image:m") with { Result = Decided("trace-m3") }, CancellationToken.None);
        RequireSame(newer, await store.FindPendingByMediaKeyAsync("image:m", CancellationToken.None), "the pending record of the media key added last");

        var joined = older with { CorrelationIds = ["post-1", "post-2"], Revision = 1 };
        Require(await store.TryReplaceAsync(joined, CancellationToken.None), "TryReplaceAsync refused the next revision.");
        RequireSame(newer, await store.FindPendingByMediaKeyAsync("image:m", CancellationToken.None), "the pending record added last, after an older one was replaced");

        Require(await store.TryReplaceAsync(newer with { Result = Decided("trace-m0"), Revision = 1 }, CancellationToken.None), "TryReplaceAsync refused the next revision.");
        RequireSame(joined, await store.FindPendingByMediaKeyAsync("image:m", CancellationToken.None), "the older pending record, once the newer one is decided");
    }

    private static async Task DueAsync(IWeChatMediaCheckStore store)
    {
        var now = Origin.AddHours(1);
        await store.TryAddAsync(NewRecord("k-late", "trace-k1", dueAt: now.AddMilliseconds(1)), CancellationToken.None);
        await store.TryAddAsync(NewRecord("k-exact", "trace-k2", dueAt: now), CancellationToken.None);
        await store.TryAddAsync(NewRecord("k-early", "trace-k3", dueAt: now.AddMinutes(-20)) with { Result = Decided("trace-k3") }, CancellationToken.None);
        await store.TryAddAsync(NewRecord("k-middle", "trace-k4", dueAt: now.AddMinutes(-10)), CancellationToken.None);
        await store.TryAddAsync(NewRecord("k-delivered", "trace-k5", dueAt: now.AddMinutes(-30)) with { Result = Decided("trace-k5"), DeliveredAt = now.AddMinutes(-31) }, CancellationToken.None);

        var due = await store.GetDueAsync(now, 10, CancellationToken.None);
        var ids = string.Join(", ", due.Select(static record => record.Id));
        Require(ids == "k-early, k-middle, k-exact", $"GetDueAsync returned [{ids}]; expected [k-early, k-middle, k-exact]: undelivered, due at or before now, earliest first.");
        var limited = await store.GetDueAsync(now, 2, CancellationToken.None);
        Require(limited.Count == 2 && limited[0].Id == "k-early" && limited[1].Id == "k-middle", "GetDueAsync ignored its limit or returned the wrong records first.");
    }

    private static async Task RemoveDeliveredAsync(IWeChatMediaCheckStore store)
    {
        var now = Origin.AddHours(2);
        await store.TryAddAsync(NewRecord("l-old", "trace-l1", dueAt: now.AddMinutes(-1)) with { Result = Decided("trace-l1"), DeliveredAt = now.AddDays(-1), EarlierTraceIds = ["trace-l0"] }, CancellationToken.None);
        await store.TryAddAsync(NewRecord("l-young", "trace-l2", dueAt: now.AddMinutes(1)) with { Result = Decided("trace-l2"), DeliveredAt = now.AddDays(-1) }, CancellationToken.None);
        await store.TryAddAsync(NewRecord("l-pending", "trace-l3", dueAt: now.AddMinutes(-5)), CancellationToken.None);

        var removed = await store.RemoveDeliveredAsync(now, CancellationToken.None);
        Require(removed == 1, string.Create(CultureInfo.InvariantCulture, $"RemoveDeliveredAsync reported {removed} records removed; expected 1."));
        Require(await store.FindByTraceIdAsync("trace-l1", CancellationToken.None) is null, "A removed record is still found by its trace id.");
        Require(await store.FindByTraceIdAsync("trace-l0", CancellationToken.None) is null, "A removed record is still found by its earlier trace id.");
        Require(await store.FindByTraceIdAsync("trace-l2", CancellationToken.None) is not null, "RemoveDeliveredAsync removed a delivered record that was not yet due.");
        Require(await store.FindByTraceIdAsync("trace-l3", CancellationToken.None) is not null, "RemoveDeliveredAsync removed a pending record.");
        Require(await store.TryAddAsync(NewRecord("l-again", "trace-l1"), CancellationToken.None), "A removed record's trace id could not be used again.");
    }

    private static WeChatMediaCheckResult Decided(string traceId) => new()
    {
        Outcome = WeChatMediaCheckOutcome.Pass,
        TraceId = traceId,
        Version = 1,
    };

    private static void Require(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    private static void RequireSame(WeChatMediaCheckRecord expected, WeChatMediaCheckRecord? actual, string what)
    {
        Require(actual is not null, $"Expected {what}, found nothing.");
        var differences = new List<string>();
        Compare(differences, nameof(expected.Id), expected.Id, actual!.Id);
        Compare(differences, nameof(expected.TraceId), expected.TraceId, actual.TraceId);
        Compare(differences, nameof(expected.EarlierTraceIds), string.Join("|", expected.EarlierTraceIds), string.Join("|", actual.EarlierTraceIds));
        Compare(differences, nameof(expected.CorrelationIds), string.Join("|", expected.CorrelationIds), string.Join("|", actual.CorrelationIds));
        Compare(differences, nameof(expected.DeliveredCount), expected.DeliveredCount, actual.DeliveredCount);
        Compare(differences, nameof(expected.MediaType), expected.MediaType, actual.MediaType);
        Compare(differences, nameof(expected.MediaUrl), expected.MediaUrl?.OriginalString, actual.MediaUrl?.OriginalString);
        Compare(differences, nameof(expected.MediaKey), expected.MediaKey, actual.MediaKey);
        Compare(differences, nameof(expected.ApiVersion), expected.ApiVersion, actual.ApiVersion);
        Compare(differences, nameof(expected.Scene), expected.Scene, actual.Scene);
        Compare(differences, nameof(expected.OpenId), expected.OpenId, actual.OpenId);
        Compare(differences, nameof(expected.SubmittedAt), expected.SubmittedAt, actual.SubmittedAt);
        Compare(differences, nameof(expected.Deadline), expected.Deadline, actual.Deadline);
        Compare(differences, nameof(expected.Submissions), expected.Submissions, actual.Submissions);
        Compare(differences, nameof(expected.DeliveredAt), expected.DeliveredAt, actual.DeliveredAt);
        Compare(differences, nameof(expected.Result), expected.Result, actual.Result);
        Compare(differences, nameof(expected.DueAt), expected.DueAt, actual.DueAt);
        Compare(differences, nameof(expected.ClaimedUntil), expected.ClaimedUntil, actual.ClaimedUntil);
        Compare(differences, nameof(expected.Revision), expected.Revision, actual.Revision);
        Require(differences.Count == 0, $"The store changed {what}: {string.Join("; ", differences)}.");
    }

    // DateTimeOffset equality compares instants, so a store may normalise offsets to UTC.
    private static void Compare<T>(List<string> differences, string name, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} was {expected?.ToString() ?? "null"}, is {actual?.ToString() ?? "null"}"));
        }
    }
}
