using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Remembers the signed queries of recent pushes with a hash of their bodies. WeChat's <c>signature</c> does not cover
/// the body, so a signed query seen once (in a proxy log, say) could otherwise carry any verdict: the same query is
/// accepted again only with the same body, which is what WeChat's retries send. Bounded: the oldest entries go first,
/// and entries are only needed while their timestamp is inside the window anyway.
/// </summary>
internal sealed class PushReplayGuard(IOptionsMonitor<WeChatSecurityOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>False when <paramref name="signedQuery"/> was seen with another body; otherwise remembers it and returns true.</summary>
    public bool TryAccept(string signedQuery, ReadOnlySpan<byte> body)
    {
        var hash = SHA256.HashData(body);
        var capacity = options.CurrentValue.MediaCheck.PushReplayMemory;
        lock (_gate)
        {
            if (_bodies.TryGetValue(signedQuery, out var seen))
            {
                return CryptographicOperations.FixedTimeEquals(seen, hash);
            }

            while (_order.Count >= capacity)
            {
                _bodies.Remove(_order.Dequeue());
            }

            _bodies[signedQuery] = hash;
            _order.Enqueue(signedQuery);
            return true;
        }
    }
}
