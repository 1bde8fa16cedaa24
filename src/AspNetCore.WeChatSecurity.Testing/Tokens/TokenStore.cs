using System.Buffers;
using System.Security.Cryptography;

namespace AspNetCore.WeChatSecurity.Testing.Tokens;

/// <summary>
/// Issues and checks access tokens with WeChat's rules: a <c>/cgi-bin/token</c> token supersedes the previous one after
/// 5 minutes; the stable token is shared until its last 5 minutes, when a new one is issued beside it, and a forced
/// refresh revokes it at once. The two kinds never replace each other, and both open the check endpoints.
/// </summary>
internal sealed class TokenStore(TimeProvider time, WeChatEmulatorOptions options)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private const int TokenLength = 157;
    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create(Alphabet);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private IssuedToken? _latest;
    private IssuedToken? _stable;
    private DateTimeOffset? _lastForceRefresh;
    private DateOnly _forceRefreshDay;
    private int _forceRefreshesToday;

    public static bool HasTokenShape(string value) => value.Length is > 0 and <= 512 && !value.AsSpan().ContainsAnyExcept(TokenCharacters);

    public (string Token, int ExpiresIn) IssueToken()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_latest is not null)
            {
                var cutoff = now + Grace;
                _latest.SupersededAt = _latest.SupersededAt is { } earlier && earlier < cutoff ? earlier : cutoff;
            }

            _latest = Issue(now);
            return (_latest.Value, (int)options.TokenLifetime.TotalSeconds);
        }
    }

    /// <summary>A token outside WeChat's rules: it supersedes nothing and is superseded by nothing.</summary>
    public string IssueIndependentToken()
    {
        lock (_gate)
        {
            return Issue(time.GetUtcNow()).Value;
        }
    }

    public StableTokenOutcome GetStableToken(bool forceRefresh)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (forceRefresh)
            {
                var today = DateOnly.FromDateTime((now + BeijingOffset).UtcDateTime);
                if (today != _forceRefreshDay)
                {
                    _forceRefreshDay = today;
                    _forceRefreshesToday = 0;
                }

                if (_forceRefreshesToday >= options.StableTokenForceRefreshesPerDay)
                {
                    return new(null, 0, EmulatorErrors.DailyQuota);
                }

                if (_lastForceRefresh is { } last && now - last < options.StableTokenForceRefreshInterval)
                {
                    return new(null, 0, EmulatorErrors.MinuteQuota);
                }

                _forceRefreshesToday++;
                _lastForceRefresh = now;
                if (_stable is not null)
                {
                    _stable.SupersededAt = now;
                }

                _stable = Issue(now);
            }
            else if (_stable is null || _stable.ExpiresAt - now <= Grace)
            {
                _stable = Issue(now);
            }

            return new(_stable.Value, (int)(_stable.ExpiresAt - now).TotalSeconds, 0);
        }
    }

    public TokenStatus Check(string token)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(token, out var issued))
            {
                return TokenStatus.Unknown;
            }

            var now = time.GetUtcNow();
            if (issued.SupersededAt is { } superseded && now >= superseded)
            {
                return TokenStatus.Superseded;
            }

            return now >= issued.ExpiresAt ? TokenStatus.Expired : TokenStatus.Valid;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _tokens.Clear();
            _latest = null;
            _stable = null;
            _lastForceRefresh = null;
            _forceRefreshesToday = 0;
        }
    }

    private IssuedToken Issue(DateTimeOffset now)
    {
        var token = new IssuedToken(RandomNumberGenerator.GetString(Alphabet, TokenLength), now + options.TokenLifetime);
        _tokens[token.Value] = token;
        return token;
    }
}
