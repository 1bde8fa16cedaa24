using System.Text.Json;
using AspNetCore.WeChatSecurity.Resilience;

namespace AspNetCore.WeChatSecurity.Api;

/// <summary>
/// Sends one HTTP attempt and reads WeChat's JSON answer. Everything around the attempt (limiter, retries, timeouts,
/// breaker, token and quota decisions) is <see cref="WeChatCallPolicy"/>'s.
/// </summary>
internal sealed class WeChatHttpSender(IHttpClientFactory httpClientFactory)
{
    /// <summary>WeChat's answers are small JSON documents; anything larger is not one and is not read whole.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    /// <param name="createRequest">Creates the request (called once, for this attempt).</param>
    /// <param name="isReadable">Which answers can be read (<see cref="WeChatAnswers"/>); any other is no answer.</param>
    /// <param name="cancellationToken">The attempt's token.</param>
    public async Task<WeChatAttempt> SendOnceAsync(Func<HttpRequestMessage> createRequest, Func<WeChatResponse, bool> isReadable, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        var client = httpClientFactory.CreateClient(WeChatApiNames.HttpClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new WeChatAttempt(response.StatusCode, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var bytes = await ReadBoundedAsync(body, cancellationToken);
        return new WeChatAttempt(response.StatusCode, Read(bytes, isReadable));
    }

    // An answer that parses but is not readable ({}, {"errmsg":"ok"}, {"errcode":"busy"}) is no answer at all.
    private static WeChatResponse? Read(ReadOnlyMemory<byte> bytes, Func<WeChatResponse, bool> isReadable)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes.Span, WeChatJsonContext.Default.WeChatResponse) is { } response && isReadable(response)
                ? response
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxResponseBytes)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
        }
    }
}
