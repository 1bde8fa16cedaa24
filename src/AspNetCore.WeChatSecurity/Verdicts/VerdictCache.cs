using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Verdicts by key, a plain get-or-add: a size-bounded memory level of its own (the application's <c>IMemoryCache</c>
/// is left alone), then the optional distributed cache, then the caller's factory, with concurrent lookups of one key
/// sharing a single factory call. It knows nothing of WeChat. Failures are never cached.
/// </summary>
/// <remarks>
/// The memory level is on every checked request's path, so a hit must cost next to nothing: BitFaster's
/// <see cref="FastConcurrentLru{K, V}"/> looks up the key as it is (a <c>MemoryCache</c> boxes it and reads the wall clock
/// on every lookup, about a hundred nanoseconds) and counts no hits of its own (the library's metrics do), and expiry is
/// checked against a cheap clock. Writes, which follow a
/// call to WeChat, are serialised, so that concurrent misses cannot push the count past <c>MaxEntries</c> even for a moment.
/// </remarks>
internal sealed class VerdictCache
{
    // ConcurrentLru's smallest capacity is 3, and it is given one slot less than MaxEntries (see the constructor); the
    // options validator requires at least this many entries.
    internal const int MinimumEntries = 4;

    private readonly FastConcurrentLru<VerdictKey, MemoryEntry> _memory;
    private readonly Lock _writes = new();
    private readonly ExpiryClock _clock;
    private readonly ConcurrentDictionary<VerdictKey, Task<WeChatVerdict>> _inFlight = new();
    private readonly WeChatSecurityOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly VerdictEvents _events;
    private readonly DistributedVerdictCache? _shared;

    public VerdictCache(
        IOptions<WeChatSecurityOptions> options,
        TimeProvider timeProvider,
        VerdictEvents events,
        DistributedVerdictCache? shared = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _events = events;
        _shared = shared;
        _clock = new ExpiryClock(timeProvider);

        // An insertion into a full ConcurrentLru adds the entry before evicting one: one slot less keeps even that
        // moment within MaxEntries.
        _memory = new FastConcurrentLru<VerdictKey, MemoryEntry>(Math.Max(MinimumEntries, _options.Cache.MaxEntries) - 1);
    }

    /// <summary>How many verdicts the memory level holds (it counts them: for tests and the load tool, not for a request's path).</summary>
    public int Count => _memory.Count;

    /// <summary>The verdict the memory level holds for <paramref name="key"/>, counted as a hit.</summary>
    /// <remarks>Every lookup of the memory level goes through it; public for a caller that must prepare its state before <see cref="GetOrAddAsync"/>, and only on a miss.</remarks>
    public bool TryGet(VerdictKey key, [NotNullWhen(true)] out WeChatVerdict? verdict)
    {
        if (TryGetFromMemory(key, out verdict))
        {
            _events.CacheHit(key, VerdictCacheLevel.Memory, verdict);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Returns the verdict cached for <paramref name="key"/>, or joins the check already under way for it, or runs
    /// <paramref name="factory"/> once for everyone asking. The factory runs without the caller's token: a caller that
    /// gives up stops waiting, while the others still get the verdict and it is still cached. A factory that throws
    /// caches nothing.
    /// </summary>
    /// <typeparam name="TState">What <paramref name="factory"/> needs, passed rather than captured so that a hit allocates no closure.</typeparam>
    /// <param name="key">The verdict's key.</param>
    /// <param name="state">Passed to <paramref name="factory"/>; it must stay valid after this caller returns.</param>
    /// <param name="factory">Produces the verdict on a miss.</param>
    /// <param name="cancellationToken">Stops this caller waiting.</param>
    public ValueTask<WeChatVerdict> GetOrAddAsync<TState>(
        VerdictKey key,
        TState state,
        Func<TState, CancellationToken, Task<WeChatVerdict>> factory,
        CancellationToken cancellationToken)
    {
        if (TryGet(key, out var cached))
        {
            return new ValueTask<WeChatVerdict>(cached);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var mine = new TaskCompletionSource<WeChatVerdict>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(key, mine.Task);
        if (shared == mine.Task)
        {
            _ = ProduceAsync(key, state, factory, mine);
        }
        else
        {
            _events.JoinedCheckInFlight(key);
        }

        return new ValueTask<WeChatVerdict>(shared.WaitAsync(cancellationToken));
    }

    /// <summary>The cached verdict for <paramref name="key"/> from either level, without calling WeChat.</summary>
    public async ValueTask<WeChatVerdict?> TryGetAsync(VerdictKey key)
    {
        if (TryGet(key, out var cached))
        {
            return cached;
        }

        if (_shared is not null && await _shared.TryGetAsync(key.ToString(), CancellationToken.None) is { } stored)
        {
            _events.CacheHit(key, VerdictCacheLevel.Distributed, stored.Verdict);
            Remember(key, stored.Verdict, stored.ExpiresAt);
            return stored.Verdict;
        }

        return null;
    }

    /// <summary>Caches a verdict that arrived by itself (an asynchronous check's push), for the usual time to live.</summary>
    public async ValueTask AddAsync(VerdictKey key, WeChatVerdict verdict)
    {
        var expiresAt = ExpiresAt(verdict.Suggestion);
        Remember(key, verdict with { FromCache = true }, expiresAt);
        if (_shared is not null)
        {
            await _shared.SetAsync(key.ToString(), new WeChatCachedVerdict(verdict with { FromCache = false }, expiresAt), CancellationToken.None);
        }
    }

    // The one caller that runs the factory for this key: every caller waiting on it sees the verdict or the failure;
    // a failure caches nothing, so the next caller tries again.
    private async Task ProduceAsync<TState>(VerdictKey key, TState state, Func<TState, CancellationToken, Task<WeChatVerdict>> factory, TaskCompletionSource<WeChatVerdict> completion)
    {
        try
        {
            WeChatVerdict verdict;

            // A check that finished between this caller's miss and its joining the map has cached its verdict already.
            if (TryGet(key, out var cached))
            {
                verdict = cached;
            }
            else if (_shared is null)
            {
                verdict = await CheckUpstreamAsync(key, state, factory, CancellationToken.None);
                Remember(key, verdict with { FromCache = true }, ExpiresAt(verdict.Suggestion));
            }
            else
            {
                verdict = await GetOrAddSharedAsync(key, state, factory);
            }

            // Out of the in-flight map before completing, so a caller that sees the result never joins a finished call.
            _inFlight.TryRemove(new KeyValuePair<VerdictKey, Task<WeChatVerdict>>(key, completion.Task));
            completion.SetResult(verdict);
        }
        catch (Exception exception)
        {
            _inFlight.TryRemove(new KeyValuePair<VerdictKey, Task<WeChatVerdict>>(key, completion.Task));
            completion.SetException(exception);
        }
    }

    // The shared level either holds the verdict, or has one instance of the farm check it while the others wait.
    private async Task<WeChatVerdict> GetOrAddSharedAsync<TState>(VerdictKey key, TState state, Func<TState, CancellationToken, Task<WeChatVerdict>> factory)
    {
        var checkedHere = false;
        var shared = await _shared!.GetOrAddAsync(
            key.ToString(),
            async cancellationToken =>
            {
                checkedHere = true;
                var verdict = await CheckUpstreamAsync(key, state, factory, cancellationToken);
                return new WeChatCachedVerdict(verdict, ExpiresAt(verdict.Suggestion));
            },
            CancellationToken.None);
        if (!checkedHere)
        {
            _events.CacheHit(key, VerdictCacheLevel.Distributed, shared.Verdict);
        }

        Remember(key, shared.Verdict with { FromCache = true }, shared.ExpiresAt);
        return checkedHere ? shared.Verdict : shared.Verdict with { FromCache = true };
    }

    private async Task<WeChatVerdict> CheckUpstreamAsync<TState>(VerdictKey key, TState state, Func<TState, CancellationToken, Task<WeChatVerdict>> factory, CancellationToken cancellationToken)
    {
        _events.CacheMiss(key);
        WeChatVerdict verdict;
        try
        {
            verdict = await factory(state, cancellationToken);
        }
        catch
        {
            _events.CheckFailed(key);
            throw;
        }

        _events.CheckedUpstream(key, verdict);
        return verdict;
    }

    private bool TryGetFromMemory(VerdictKey key, [NotNullWhen(true)] out WeChatVerdict? verdict)
    {
        if (_memory.TryGet(key, out var entry))
        {
            if (entry.ExpiresAt > _clock.Now)
            {
                verdict = entry.Verdict;
                return true;
            }

            // Only this entry: a fresher one written in the meantime stays.
            _memory.TryRemove(new KeyValuePair<VerdictKey, MemoryEntry>(key, entry));
        }

        verdict = null;
        return false;
    }

    private void Remember(VerdictKey key, WeChatVerdict verdict, DateTimeOffset expiresAt)
    {
        var timeToLive = expiresAt - _timeProvider.GetUtcNow();
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        lock (_writes)
        {
            _memory.AddOrUpdate(key, new MemoryEntry(verdict, _clock.After(timeToLive)));
        }
    }

    // A verdict checked now is valid for its suggestion's time to live.
    private DateTimeOffset ExpiresAt(WeChatSuggestion suggestion) => _timeProvider.GetUtcNow() + suggestion switch
    {
        WeChatSuggestion.Pass => _options.Cache.PassTtl,
        WeChatSuggestion.Review => _options.Cache.ReviewTtl,
        _ => _options.Cache.RiskyTtl,
    };
}
