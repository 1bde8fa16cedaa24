using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Media submitted as bytes, kept in memory until WeChat's verdict is in or the check times out, under a bound on the
/// total. Each download URL has its own random token that names the media; a token is only ever resolved after the
/// URL's signature and expiry were checked. The same bytes are kept once for every check that uses them (a check full
/// of uploads is followed by another of the same bytes), and go when the last of those checks lets go of them. Each
/// check is named by its record id, so that a check that never kept these bytes (submitted by another instance of a
/// farm, or whose bytes expired before they were kept again) cannot let go of them for the checks that did, and its
/// download tokens go when it lets go: bytes kept on by a stream of checks do not gather every earlier check's tokens.
/// </summary>
internal sealed class KeptMediaStore(IOptionsMonitor<WeChatSecurityOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyByToken = new(StringComparer.Ordinal);
    private long _totalBytes;

    /// <summary>The bytes kept now, for tests and metrics.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_gate)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="media"/> under <paramref name="mediaKey"/> for the check <paramref name="checkId"/> until
    /// <paramref name="expiresAt"/> (or extends the media already kept under it), and returns a new download token for it.
    /// Throws, keeping nothing, when the bound would be exceeded. Each call is matched by a <see cref="Release"/> of the
    /// same check, or by the expiry.
    /// </summary>
    public string Keep(string mediaKey, string checkId, byte[] media, DateTimeOffset expiresAt)
    {
        var maxBytes = options.CurrentValue.MediaCheck.MaxKeptMediaBytes;
        lock (_gate)
        {
            if (_byKey.TryGetValue(mediaKey, out var existing))
            {
                existing.ExpiresAt = Max(existing.ExpiresAt, expiresAt);
                return NewToken(mediaKey, existing, checkId);
            }

            if (_totalBytes + media.Length > maxBytes)
            {
                throw new WeChatUnavailableException(
                    WeChatUnavailableReason.MediaStorageFull,
                    $"The media kept for WeChat to download would exceed {WeChatSecurityOptions.SectionName}:MediaCheck:MaxKeptMediaBytes ({maxBytes} bytes); nothing was kept. Try again once pending checks complete, or raise the bound.",
                    retryAfter: TimeSpan.FromMinutes(1));
            }

            var entry = new Entry(media, expiresAt);
            _byKey[mediaKey] = entry;
            _totalBytes += media.Length;
            return NewToken(mediaKey, entry, checkId);
        }
    }

    /// <summary>
    /// A new download token for media still kept, for the check <paramref name="checkId"/> (which keeps the media from
    /// now on, if it did not), valid until at least <paramref name="expiresAt"/>; null when the media is gone.
    /// </summary>
    public string? Renew(string mediaKey, string checkId, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(mediaKey, out var entry))
            {
                return null;
            }

            entry.ExpiresAt = Max(entry.ExpiresAt, expiresAt);
            return NewToken(mediaKey, entry, checkId);
        }
    }

    public byte[]? Find(string token)
    {
        lock (_gate)
        {
            return _keyByToken.TryGetValue(token, out var key) && _byKey.TryGetValue(key, out var entry) ? entry.Media : null;
        }
    }

    /// <summary>
    /// The check <paramref name="checkId"/> no longer needs the media: its download tokens stop working, and the bytes go
    /// once no check that kept them does. A check that did not keep them here changes nothing.
    /// </summary>
    public void Release(string mediaKey, string checkId)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(mediaKey, out var entry) || !entry.TokensByCheckId.Remove(checkId, out var tokens))
            {
                return;
            }

            RemoveTokens(tokens);
            if (entry.TokensByCheckId.Count == 0)
            {
                RemoveLocked(mediaKey);
            }
        }
    }

    public void RemoveExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var key in _byKey.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
            {
                RemoveLocked(key);
            }
        }
    }

    private void RemoveLocked(string mediaKey)
    {
        if (_byKey.Remove(mediaKey, out var entry))
        {
            _totalBytes -= entry.Media.Length;
            foreach (var tokens in entry.TokensByCheckId.Values)
            {
                RemoveTokens(tokens);
            }
        }
    }

    private void RemoveTokens(List<string> tokens)
    {
        foreach (var token in tokens)
        {
            _keyByToken.Remove(token);
        }
    }

    private string NewToken(string mediaKey, Entry entry, string checkId)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _keyByToken[token] = mediaKey;
        if (!entry.TokensByCheckId.TryGetValue(checkId, out var tokens))
        {
            entry.TokensByCheckId[checkId] = tokens = [];
        }

        tokens.Add(token);
        return token;
    }

    private static DateTimeOffset Max(DateTimeOffset left, DateTimeOffset right) => left > right ? left : right;

    private sealed class Entry(byte[] media, DateTimeOffset expiresAt)
    {
        public byte[] Media { get; } = media;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        // The download tokens of each check that kept the media and has not released it yet, by its record id.
        public Dictionary<string, List<string>> TokensByCheckId { get; } = new(StringComparer.Ordinal);
    }
}
