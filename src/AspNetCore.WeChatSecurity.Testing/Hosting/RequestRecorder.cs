using Microsoft.Extensions.Primitives;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>Counts calls per endpoint and keeps the request log, with credentials redacted.</summary>
internal sealed class RequestRecorder
{
    private const string Redacted = "***";
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "cloudbase_access_token", "secret" };

    private readonly int[] _counts = new int[Enum.GetValues<WeChatEmulatorEndpoint>().Length];
    private readonly Lock _gate = new();
    private readonly List<WeChatEmulatorRequest> _requests = [];

    public IReadOnlyList<WeChatEmulatorRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(WeChatEmulatorEndpoint endpoint) => Volatile.Read(ref _counts[(int)endpoint]);

    public void Increment(WeChatEmulatorEndpoint endpoint) => Interlocked.Increment(ref _counts[(int)endpoint]);

    public void Record(
        WeChatEmulatorEndpoint endpoint,
        EmulatorRequest request,
        Dictionary<string, StringValues> query,
        MultipartPart? part,
        DateTimeOffset receivedAt,
        int errorCode)
    {
        var redacted = query.ToDictionary(
            pair => pair.Key,
            pair => SecretParameters.Contains(pair.Key) ? Redacted : pair.Value.ToString(),
            StringComparer.Ordinal);

        // A token request's body carries the AppSecret; the log never holds a secret.
        var isTokenRequest = endpoint is WeChatEmulatorEndpoint.Token or WeChatEmulatorEndpoint.StableToken;
        var body = isTokenRequest ? ReadOnlyMemory<byte>.Empty : request.Body;
        var isMultipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        var escapes = !isMultipart && JsonEscapeScanner.HasUnicodeEscape(body.Span);

        var entry = new WeChatEmulatorRequest(endpoint, request.Method, request.Path, redacted, request.ContentType, body, escapes, part, receivedAt, errorCode);
        lock (_gate)
        {
            _requests.Add(entry);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
            for (var i = 0; i < _counts.Length; i++)
            {
                Interlocked.Exchange(ref _counts[i], 0);
            }
        }
    }
}
