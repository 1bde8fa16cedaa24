using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// The default <see cref="IWeChatPushReplayGuard"/>: this instance's own memory of recent signed push queries with the
/// hash of their bodies. Bounded: the oldest entries go first (<see cref="WeChatMediaCheckOptions.PushReplayMemory"/>),
/// and entries are only needed while their timestamp is inside the window anyway.
/// </summary>
internal sealed class InMemoryPushReplayGuard(IOptionsMonitor<WeChatSecurityOptions> options) : IWeChatPushReplayGuard
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public ValueTask<bool> TryAcceptAsync(string signedQuery, ReadOnlyMemory<byte> bodyHash, TimeSpan keepFor, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAccept(signedQuery, bodyHash.Span));

    private bool TryAccept(string signedQuery, ReadOnlySpan<byte> bodyHash)
    {
        var capacity = options.CurrentValue.MediaCheck.PushReplayMemory;
        lock (_gate)
        {
            if (_bodies.TryGetValue(signedQuery, out var seen))
            {
                return CryptographicOperations.FixedTimeEquals(seen, bodyHash);
            }

            while (_order.Count >= capacity)
            {
                _bodies.Remove(_order.Dequeue());
            }

            _bodies[signedQuery] = bodyHash.ToArray();
            _order.Enqueue(signedQuery);
            return true;
        }
    }
}
