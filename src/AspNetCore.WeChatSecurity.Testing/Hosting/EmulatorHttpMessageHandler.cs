using System.Net;
using System.Net.Http.Headers;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>The in-process front end: turns an <see cref="HttpRequestMessage"/> into an <see cref="EmulatorRequest"/> and back.</summary>
internal sealed class EmulatorHttpMessageHandler(WeChatEmulator emulator) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request URI must be absolute; give the HttpClient a BaseAddress.");
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentType = request.Content?.Headers.TryGetValues("Content-Type", out var values) == true ? string.Join(", ", values) : null;
        var answer = await emulator.ProcessAsync(
            new EmulatorRequest(request.Method.Method, uri.AbsolutePath, uri.Query, contentType, body),
            cancellationToken);

        if (answer.ResetConnection)
        {
            throw new HttpRequestException(
                HttpRequestError.ConnectionError,
                "The WeChat emulator reset the connection (injected fault).",
                new IOException("Connection reset by peer (emulated)."));
        }

        var content = new ByteArrayContent(answer.Body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
        return new HttpResponseMessage((HttpStatusCode)answer.StatusCode) { Content = content, RequestMessage = request };
    }
}
