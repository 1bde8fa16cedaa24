using System.Collections.Concurrent;

namespace AspNetCore.WeChatSecurity.Testing.Push;

/// <summary>
/// Downloads media as WeChat's checker would: registered content first, then the configured handler, then loopback URLs
/// over plain HTTP. Anything else, a failure, a non-2xx status or an oversized file is "could not download".
/// </summary>
internal sealed class MediaFetcher(WeChatEmulatorOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _registered = new(StringComparer.Ordinal);
    private readonly Lazy<HttpClient> _loopback = new(() => new HttpClient());

    public void Register(Uri url, byte[] content) => _registered[url.AbsoluteUri] = content;

    public async Task<byte[]?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        if (_registered.TryGetValue(url.AbsoluteUri, out var registered))
        {
            return registered;
        }

        var handler = options.MediaHandler;
        if (handler is null && !url.IsLoopback)
        {
            return null;
        }

        using var own = handler is null ? null : new HttpClient(handler, disposeHandler: false);
        var client = own ?? _loopback.Value;
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > options.MaxMediaBytes)
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > options.MaxMediaBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (_loopback.IsValueCreated)
        {
            _loopback.Value.Dispose();
        }
    }
}
