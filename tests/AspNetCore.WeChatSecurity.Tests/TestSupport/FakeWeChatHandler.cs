using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace AspNetCore.WeChatSecurity.Tests.TestSupport;

/// <summary>
/// A scripted stand-in for WeChat inside unit tests of the client: each request is recorded and answered by the
/// responder. The full emulator lives in the Testing package; this one lets a test dictate every answer.
/// </summary>
public sealed class FakeWeChatHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public Func<RecordedRequest, Task<HttpResponseMessage>> Responder { get; set; } =
        request => Task.FromResult(Json(request.Path.StartsWith("/cgi-bin/", StringComparison.Ordinal)
            ? """{"access_token":"TOKEN-1","expires_in":7200}"""
            : """{"errcode":0,"errmsg":"ok"}"""));

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int Count(string path) => _requests.Count(r => r.Path == path);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query,
            System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query),
            body,
            request.Content?.Headers.ContentType?.ToString(),
            cancellationToken);
        _requests.Enqueue(recorded);
        return await Responder(recorded);
    }
}

public sealed record RecordedRequest(
    HttpMethod Method,
    string Path,
    string RawQuery,
    System.Collections.Specialized.NameValueCollection Query,
    byte[] Body,
    string? ContentType,
    CancellationToken RequestAborted)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}
