using System.Globalization;
using AspNetCore.WeChatSecurity.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Verdicts;

/// <summary>
/// Single-flight across the farm for new content. The instance that finds a key missing claims it (a key holding its
/// token and the claim's expiry) and asks WeChat; the others wait for its verdict, woken by a message when it lets go,
/// or look again at every poll. A claim whose instance died expires and the next instance to look takes it over; an
/// instance that has waited <see cref="WeChatRedisOptions.MaxVerdictWait"/> asks WeChat itself. Claims expire by the
/// application's clock (Redis's own expiry only clears keys away), so they follow the <see cref="TimeProvider"/>.
/// Without Redis, the instance asks WeChat itself.
/// </summary>
internal sealed class RedisVerdictClaims : IWeChatVerdictClaims, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // KEYS: the claim. ARGV: the claim's value, now (Unix ms), claim duration (ms). Claims a free or expired claim.
    private const string ClaimScript = """
        local held = redis.call('GET', KEYS[1])
        if held then
          local expires = tonumber(string.match(held, ':(%d+)$'))
          if expires and expires > tonumber(ARGV[2]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    // KEYS: the claim. ARGV: the claim's value. Releases the claim if it is still this one.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatRedisOptions _options;
    private readonly RedisChannel _channel;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly Lock _waitersGate = new();
    private readonly Dictionary<string, Waiters> _waiters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private volatile bool _subscribed;

    public RedisVerdictClaims(RedisConnection connection, IOptions<WeChatRedisOptions> options, TimeProvider timeProvider)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _options = options.Value;
        _channel = RedisChannel.Literal(connection.KeyPrefix + "verdicts");
    }

    /// <summary>Raised when this instance starts waiting for another's verdict, once its poll timer is set: tests move time only then.</summary>
    internal event Action<string>? WaitingForVerdict;

    /// <summary>How many keys have waiters registered for their wake-up message: none once every waiter has stopped.</summary>
    internal int WaitedKeyCount
    {
        get
        {
            lock (_waitersGate)
            {
                return _waiters.Count;
            }
        }
    }

    public async ValueTask<IAsyncDisposable?> ClaimAsync(string key, Func<CancellationToken, ValueTask<bool>> isStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isStored);
        var giveUpAt = _timeProvider.GetUtcNow() + _options.MaxVerdictWait;
        while (_connection.TryGetDatabase() is { } database)
        {
            if (await isStored(cancellationToken))
            {
                return null;
            }

            if (await TryClaimAsync(database, key) is { } claim)
            {
                // The previous claimant may have stored its verdict and let go between this instance's look and its claim.
                if (await isStored(cancellationToken))
                {
                    await ReleaseAsync(key, claim);
                    return null;
                }

                return new Claim(this, key, claim);
            }

            var now = _timeProvider.GetUtcNow();
            if (now >= giveUpAt)
            {
                break;
            }

            if (await WaitAsync(key, Min(PollInterval, giveUpAt - now), isStored, cancellationToken))
            {
                return null;
            }
        }

        // Waited long enough, or Redis is gone: this instance asks WeChat itself (its own limiter still applies), and
        // wakes whoever still waits once its verdict is stored.
        return new Claim(this, key, value: null);
    }

    public void Dispose() => _subscribing.Dispose();

    private async Task<string?> TryClaimAsync(IDatabase database, string key)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var duration = (long)_options.VerdictClaimDuration.TotalMilliseconds;
        var claim = _token + ":" + (now + duration).ToString(CultureInfo.InvariantCulture);
        try
        {
            return (long)await database.ScriptEvaluateAsync(ClaimScript, [ClaimKey(key)], [claim, now, duration]) == 1 ? claim : null;
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            _connection.Failed("claim a verdict", exception);

            // Nobody can be told to wait: check as if alone.
            return claim;
        }
    }

    private Task ReleaseAsync(string key, string? claim) => _connection.RunAsync("release a verdict claim", async database =>
    {
        if (claim is not null)
        {
            await database.ScriptEvaluateAsync(ReleaseScript, [ClaimKey(key)], [claim]);
        }

        // Waiters look again at once: at the verdict, or at a free claim after a failure.
        await database.PublishAsync(_channel, key);
    });

    /// <summary>Waits for the key's message or the next poll; true when the verdict was found stored before waiting.</summary>
    private async Task<bool> WaitAsync(string key, TimeSpan timeout, Func<CancellationToken, ValueTask<bool>> isStored, CancellationToken cancellationToken)
    {
        await SubscribeAsync();
        var waiters = AddWaiter(key);
        try
        {
            // The verdict may have been stored, or the claim released after a failure, before this waiter could be woken.
            if (await isStored(cancellationToken))
            {
                return true;
            }

            if (!await IsClaimedAsync(key))
            {
                return false;
            }

            var poll = Task.Delay(timeout, _timeProvider, cancellationToken);
            WaitingForVerdict?.Invoke(key);
            await Task.WhenAny(waiters.Woken.Task, poll);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
        finally
        {
            // A claimant that died never sends the message that would clear the key away: its last waiter does.
            RemoveWaiter(key, waiters);
        }
    }

    private Waiters AddWaiter(string key)
    {
        lock (_waitersGate)
        {
            if (!_waiters.TryGetValue(key, out var waiters))
            {
                waiters = new Waiters();
                _waiters.Add(key, waiters);
            }

            waiters.Count++;
            return waiters;
        }
    }

    private void RemoveWaiter(string key, Waiters waiters)
    {
        lock (_waitersGate)
        {
            // Only the last one clears the key away, so the others keep their wake-up; a message has cleared it away
            // already, and a newer set of waiters may hold the key by now.
            if (--waiters.Count == 0 && _waiters.TryGetValue(key, out var current) && current == waiters)
            {
                _waiters.Remove(key);
            }
        }
    }

    private void Wake(string key)
    {
        Waiters? waiters;
        lock (_waitersGate)
        {
            _waiters.Remove(key, out waiters);
        }

        waiters?.Woken.TrySetResult();
    }

    private Task<bool> IsClaimedAsync(string key) => _connection.RunAsync("read a verdict claim", async database =>
    {
        var held = (string?)await database.StringGetAsync(ClaimKey(key));
        var colon = held?.LastIndexOf(':') ?? -1;
        return colon > 0
            && long.TryParse(held.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            && expiresAt > _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
    });

    private async Task SubscribeAsync()
    {
        if (_subscribed)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (!_subscribed)
            {
                var multiplexer = await _connection.GetAsync();
                await multiplexer.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
                {
                    if ((string?)message is { } key)
                    {
                        Wake(key);
                    }
                });
                _subscribed = true;
            }
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            // Without the messages, waiters still look again at every poll.
            _connection.Failed("subscribe to the farm's verdicts", exception);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private RedisKey ClaimKey(string key) => _connection.KeyPrefix + "verdict-claim:" + key;

    private static TimeSpan Min(TimeSpan first, TimeSpan second) => first < second ? first : second;

    /// <summary>The waiters for one key's message: one wake-up for all of them, and how many still wait on it.</summary>
    private sealed class Waiters
    {
        public TaskCompletionSource Woken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }

    /// <summary>This instance's turn to ask WeChat; letting go wakes the waiters.</summary>
    private sealed class Claim(RedisVerdictClaims owner, string key, string? value) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(owner.ReleaseAsync(key, value));
    }
}
