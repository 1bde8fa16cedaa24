using System.Net;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

/// <summary>Stands in for the application's push endpoint or a media host: records requests, answers from a queue of statuses.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<HttpStatusCode> _statuses = new();
    private readonly Lock _gate = new();

    public List<(HttpMethod Method, Uri Uri, string? ContentType, string Body)> Requests { get; } = [];

    public byte[] ResponseBody { get; set; } = "success"u8.ToArray();

    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        HttpStatusCode status;
        lock (_gate)
        {
            Requests.Add((request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body));
            status = _statuses.TryDequeue(out var next) ? next : HttpStatusCode.OK;
        }

        return new HttpResponseMessage(status) { Content = new ByteArrayContent(ResponseBody) };
    }
}
