using System.Collections.Concurrent;
using System.Globalization;
using AspNetCore.WeChatSecurity.Redis.Connection;
using StackExchange.Redis;

namespace AspNetCore.WeChatSecurity.Redis.Gates;

/// <summary>
/// The farm's quota gate (<see cref="FarmQuota"/>'s). An instance that learns a quota is spent writes it to Redis (kept until it reopens, never
/// shortened) and publishes it; every instance holds what it heard in memory, so the request path never waits for
/// Redis. An instance reads the stored gates when it connects and after every reconnection, so one that starts, or
/// missed a message while cut off, still learns of them. While Redis is down each instance keeps its own gate.
/// </summary>
internal sealed class FarmQuotaGate
{
    private static readonly string[] Families = ["text", "image", "media"];

    // KEYS: the family's gate. ARGV: reopens at (Unix ms), daily (0/1), time to live (ms). Keeps the later reopening.
    private const string ShutScript = """
        local stored = redis.call('GET', KEYS[1])
        if stored and tonumber(string.match(stored, '^(%d+)')) >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
        return 1
        """;

    private readonly RedisConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly RedisChannel _channel;
    private readonly ConcurrentDictionary<string, (long ReopensAtMs, bool Daily)> _known = new(StringComparer.Ordinal);
    private int _subscribed;

    public FarmQuotaGate(RedisConnection connection, TimeProvider timeProvider)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _channel = RedisChannel.Literal(connection.KeyPrefix + "gates");
        connection.Restored += () => _ = Volatile.Read(ref _subscribed) == 1 ? LoadAsync() : StartAsync();
    }

    /// <summary>Raised when a gate learned from another instance (or from Redis) changes what this instance knows.</summary>
    internal event Action<string>? Learned;

    public void Shut(string family, DateTimeOffset reopensAt, bool forTheDay)
    {
        Learn(family, reopensAt.ToUnixTimeMilliseconds(), forTheDay, fromElsewhere: false);
        _ = ShareAsync(family, reopensAt, forTheDay);
    }

    public bool IsShut(string family, DateTimeOffset now, out DateTimeOffset reopensAt, out bool forTheDay)
    {
        if (_known.TryGetValue(family, out var gate) && gate.ReopensAtMs > now.ToUnixTimeMilliseconds())
        {
            reopensAt = DateTimeOffset.FromUnixTimeMilliseconds(gate.ReopensAtMs);
            forTheDay = gate.Daily;
            return true;
        }

        reopensAt = default;
        forTheDay = false;
        return false;
    }

    /// <summary>Subscribes and reads the stored gates: at start, and again after a reconnection if subscribing failed.</summary>
    internal async Task StartAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        try
        {
            var multiplexer = await _connection.GetAsync();
            await multiplexer.GetSubscriber().SubscribeAsync(_channel, (_, message) => OnMessage(message));
        }
        catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
        {
            // StackExchange.Redis subscribes again on reconnection only to channels it holds: try again then.
            Volatile.Write(ref _subscribed, 0);
            _connection.Failed("subscribe to the farm's quota gates", exception);
        }

        await LoadAsync();
    }

    private Task ShareAsync(string family, DateTimeOffset reopensAt, bool forTheDay)
    {
        var timeToLive = reopensAt - _timeProvider.GetUtcNow();
        if (timeToLive <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        return _connection.RunAsync("share a quota gate", async database =>
        {
            await database.ScriptEvaluateAsync(
                ShutScript,
                [Key(family)],
                [reopensAt.ToUnixTimeMilliseconds(), forTheDay ? 1 : 0, (long)Math.Ceiling(timeToLive.TotalMilliseconds)]);
            await database.PublishAsync(_channel, family + ":" + Format(reopensAt.ToUnixTimeMilliseconds(), forTheDay));
        });
    }

    private Task LoadAsync() => _connection.RunAsync("read the farm's quota gates", async database =>
    {
        var stored = await database.StringGetAsync([.. Families.Select(Key)]);
        for (var i = 0; i < Families.Length; i++)
        {
            if (Parse(stored[i]) is { } gate)
            {
                Learn(Families[i], gate.ReopensAtMs, gate.Daily, fromElsewhere: true);
            }
        }
    });

    private void OnMessage(RedisValue message)
    {
        var text = (string?)message;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon > 0 && Parse(text![(colon + 1)..]) is { } gate)
        {
            Learn(text[..colon], gate.ReopensAtMs, gate.Daily, fromElsewhere: true);
        }
    }

    private void Learn(string family, long reopensAtMs, bool daily, bool fromElsewhere)
    {
        var changed = false;
        _known.AddOrUpdate(
            family,
            _ =>
            {
                changed = true;
                return (reopensAtMs, daily);
            },
            (_, known) =>
            {
                if (known.ReopensAtMs >= reopensAtMs)
                {
                    return known;
                }

                changed = true;
                return (reopensAtMs, daily);
            });
        if (changed && fromElsewhere)
        {
            Learned?.Invoke(family);
        }
    }

    private RedisKey Key(string family) => _connection.KeyPrefix + "gate:" + family;

    private static string Format(long reopensAtMs, bool daily) => reopensAtMs.ToString(CultureInfo.InvariantCulture) + ":" + (daily ? "1" : "0");

    private static (long ReopensAtMs, bool Daily)? Parse(RedisValue value)
    {
        var text = (string?)value;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var reopensAt)
            ? (reopensAt, text.AsSpan(colon + 1).SequenceEqual("1"))
            : null;
    }
}
