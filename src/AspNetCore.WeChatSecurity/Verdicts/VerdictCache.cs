using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// Verdicts by key, a plain get-or-add: a size-bounded memory cache of its own (the application's
/// <see cref="IMemoryCache"/> is left alone), then the optional distributed cache, then the caller's factory, with
/// concurrent lookups of one key sharing a single factory call. It knows nothing of WeChat. Failures are never cached.
/// </summary>
internal sealed class VerdictCache : IDisposable
{
    private readonly MemoryCache _memory;
    private readonly ConcurrentDictionary<VerdictKey, Task<WeChatVerdict>> _inFlight = new();
    private readonly WeChatSecurityOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly VerdictEvents _events;
    private readonly DistributedVerdictCache? _distributed;

    public VerdictCache(
        IOptions<WeChatSecurityOptions> options,
        TimeProvider timeProvider,
        VerdictEvents events,
        DistributedVerdictCache? distributed = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _events = events;
        _distributed = distributed;
        _memory = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(0, _options.MaxEntries),
            Clock = new TimeProviderClock(timeProvider),
        });
    }

    /// <summary>How many verdicts the memory level holds.</summary>
    public int Count => _memory.Count;

    /// <summary>The verdict the memory level holds for <paramref name="key"/>, counted as a hit.</summary>
    /// <remarks>For a caller that must prepare its state before <see cref="GetOrAddAsync"/>, and only on a miss.</remarks>
    public bool TryGet(VerdictKey key, [NotNullWhen(true)] out WeChatVerdict? verdict)
    {
        if (_memory.TryGetValue(key, out verdict) && verdict is not null)
        {
            _events.CacheHit(key, VerdictCacheLevel.Memory, verdict);
            return true;
        }

        verdict = null;
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
        if (_memory.TryGetValue(key, out WeChatVerdict? cached) && cached is not null)
        {
            _events.CacheHit(key, VerdictCacheLevel.Memory, cached);
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
        if (_memory.TryGetValue(key, out WeChatVerdict? cached) && cached is not null)
        {
            _events.CacheHit(key, VerdictCacheLevel.Memory, cached);
            return cached;
        }

        if (_distributed is not null && await _distributed.TryGetAsync(key) is { } stored)
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
        var expiresAt = _timeProvider.GetUtcNow() + TimeToLive(verdict.Suggestion);
        Remember(key, verdict with { FromCache = true }, expiresAt);
        if (_distributed is not null)
        {
            await _distributed.SetAsync(key, verdict with { FromCache = false }, expiresAt);
        }
    }

    public void Dispose() => _memory.Dispose();

    private async Task ProduceAsync<TState>(VerdictKey key, TState state, Func<TState, CancellationToken, Task<WeChatVerdict>> factory, TaskCompletionSource<WeChatVerdict> completion)
    {
        try
        {
            var verdict = await LookUpOrProduceAsync(key, state, factory);

            // Out of the in-flight map before completing, so a caller that sees the result never joins a finished call.
            _inFlight.TryRemove(new KeyValuePair<VerdictKey, Task<WeChatVerdict>>(key, completion.Task));
            completion.SetResult(verdict);
        }
        catch (Exception exception)
        {
            // Every caller waiting on this key sees the failure; nothing is cached, so the next caller tries again.
            _inFlight.TryRemove(new KeyValuePair<VerdictKey, Task<WeChatVerdict>>(key, completion.Task));
            completion.SetException(exception);
        }
    }

    private async Task<WeChatVerdict> LookUpOrProduceAsync<TState>(VerdictKey key, TState state, Func<TState, CancellationToken, Task<WeChatVerdict>> factory)
    {
        // A check that finished between this caller's miss and its joining the map has cached its verdict already.
        if (_memory.TryGetValue(key, out WeChatVerdict? cached) && cached is not null)
        {
            _events.CacheHit(key, VerdictCacheLevel.Memory, cached);
            return cached;
        }

        if (_distributed is not null && await _distributed.TryGetAsync(key) is { } stored)
        {
            _events.CacheHit(key, VerdictCacheLevel.Distributed, stored.Verdict);
            Remember(key, stored.Verdict, stored.ExpiresAt);
            return stored.Verdict;
        }

        _events.CacheMiss(key);
        WeChatVerdict verdict;
        try
        {
            verdict = await factory(state, CancellationToken.None);
        }
        catch
        {
            _events.CheckFailed(key);
            throw;
        }

        _events.CheckedUpstream(key, verdict);
        var expiresAt = _timeProvider.GetUtcNow() + TimeToLive(verdict.Suggestion);
        Remember(key, verdict with { FromCache = true }, expiresAt);
        if (_distributed is not null)
        {
            await _distributed.SetAsync(key, verdict, expiresAt);
        }

        return verdict;
    }

    private void Remember(VerdictKey key, WeChatVerdict verdict, DateTimeOffset expiresAt)
    {
        if (expiresAt <= _timeProvider.GetUtcNow())
        {
            return;
        }

        _memory.Set(key, verdict, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expiresAt });
    }

    private TimeSpan TimeToLive(WeChatSuggestion suggestion) => suggestion switch
    {
        WeChatSuggestion.Pass => _options.PassTtl,
        WeChatSuggestion.Review => _options.ReviewTtl,
        _ => _options.RiskyTtl,
    };
}
