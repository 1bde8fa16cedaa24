namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Keeps asynchronous media checks until their outcome is delivered, so that none is lost or delivered twice. The
/// default keeps them in memory (one server, lost on restart); <c>AspNetCore.WeChatSecurity.Sqlite</c> keeps them in a
/// file. A store only stores: every decision is the library's, made by compare-and-set on
/// <see cref="WeChatMediaCheckRecord.Revision"/>. Every implementation must pass the contract tests in
/// <c>AspNetCore.WeChatSecurity.Testing</c> (<c>WeChatMediaCheckStoreContract</c>).
/// </summary>
/// <remarks>
/// A store that serialises records may one day hold one it cannot read (edited by hand, written by a newer version).
/// Every lookup (<see cref="FindByTraceIdAsync"/>, <see cref="FindPendingByMediaKeyAsync"/>, <see cref="GetDueAsync"/>)
/// should then log it by its id, never its content (once, not on every sweep that meets it again), pass over it as if
/// it were absent, and keep it, indexes included, for the operator to repair or delete: throwing would fail every push,
/// submission and sweep that meets it, and deleting it would lose a check. Keeping it is what makes "absent" safe: <see cref="TryAddAsync"/> still refuses its
/// trace ids, so a push for one is not recorded as unknown but left unacknowledged for WeChat to send again, while a
/// new submission of its media (a new trace id) is stored and checked beside it.
/// </remarks>
public interface IWeChatMediaCheckStore
{
    /// <summary>
    /// Stores a new record. It is readable by every method once the returned task completes.
    /// </summary>
    /// <param name="record">The record, whose <see cref="WeChatMediaCheckRecord.Revision"/> is stored as given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False, storing nothing, when a record with the same id, or the same trace id (current or earlier), is stored already.</returns>
    ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken);

    /// <summary>Finds the record whose current or earlier trace id is <paramref name="traceId"/>, in any state.</summary>
    /// <param name="traceId">A trace id from WeChat.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or null (also when the record that holds the trace id cannot be read).</returns>
    ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the record with this media key, still <see cref="WeChatMediaCheckRecord.IsPending"/>, that was added last.
    /// The same media can be pending in several checks: one that holds
    /// <see cref="WeChatMediaCheckOptions.MaxUploadsPerCheck"/> uploads is not joined, the media is submitted again as a
    /// check of its own, and later uploads join that newest one.
    /// </summary>
    /// <param name="mediaKey">A <see cref="WeChatMediaCheckRecord.MediaKey"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending record added last that can be read (passing over any that cannot), or null.</returns>
    ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record with <paramref name="replacement"/>'s id if, and only if, the stored one's revision is
    /// <paramref name="replacement"/>'s revision minus one. Indexes the replacement's trace ids and media key.
    /// </summary>
    /// <param name="replacement">The new state of the record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when stored; false when the record changed in the meantime or does not exist.</returns>
    ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken);

    /// <summary>
    /// Lists records that are not <see cref="WeChatMediaCheckRecord.IsDelivered"/> and whose
    /// <see cref="WeChatMediaCheckRecord.DueAt"/> is at or before <paramref name="now"/>, earliest first. A record the
    /// store cannot read should be logged and passed over, and not count towards <paramref name="limit"/>: throwing
    /// would stop every sweep at it.
    /// </summary>
    /// <param name="now">The sweeper's current time.</param>
    /// <param name="limit">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Up to <paramref name="limit"/> records.</returns>
    ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Removes <see cref="WeChatMediaCheckRecord.IsDelivered"/> records whose <see cref="WeChatMediaCheckRecord.DueAt"/> is at or before <paramref name="now"/>.</summary>
    /// <param name="now">The sweeper's current time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many records were removed.</returns>
    ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Asks whether this instance's sweeper may run now. A store that several instances share lets one instance at a
    /// time sweep (the same one again while it holds the lease), so that two do not resubmit or time out the same checks
    /// at once; the default, for a store of one server, always lets it.
    /// </summary>
    /// <param name="duration">How long the lease lasts: the sweep interval.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when this instance sweeps.</returns>
    ValueTask<bool> TryLeaseSweepAsync(TimeSpan duration, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
