using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>The push endpoint over an <see cref="IWeChatPushReplayGuard"/> the application registered in place of the default.</summary>
public sealed class PushReplayGuardTests : IAsyncLifetime
{
    private const string PushToken = "pushtoken123";
    private const long Timestamp = 1700000000;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(Timestamp));
    private readonly ScriptedGuard _guard = new();
    private readonly RecordingResultHandler _handler = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddWeChatContentSecurity(o =>
        {
            o.AppId = "wx1234567890";
            o.AppSecret = "secret";
            o.MediaCheck.PushToken = PushToken;
            o.MediaCheck.PushTimestampWindow = TimeSpan.FromMinutes(5);
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<IWeChatMediaCheckResultHandler>(_handler);
        builder.Services.AddSingleton<IWeChatPushReplayGuard>(_guard);
        _app = builder.Build();
        _app.MapWeChatMediaCheckPush("/wechat/push");
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheGuardIsAskedWithTheBodysHash_AndToKeepTheQueryAWindowPastTheTimestampsWindow()
    {
        _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromMilliseconds(500));
        var body = Push("trace-asked");

        using var response = await _client.PostAsync(SignedQuery(), Xml(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var asked = Assert.Single(_guard.Asked);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(body)), asked.BodyHash);
        Assert.Contains("nonce1", asked.SignedQuery, StringComparison.Ordinal);

        // The timestamp leaves the 5-minute window 59.5 s from now; the other instances may be up to a window behind.
        Assert.Equal(TimeSpan.FromSeconds(59.5) + TimeSpan.FromMinutes(5), asked.KeepFor);
    }

    [Fact]
    public async Task AGuardThatRefuses_Is401_AndNothingIsDelivered()
    {
        _guard.Answer = () => false;

        using var response = await _client.PostAsync(SignedQuery(), Xml(Push("trace-refused")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_handler.Results);
    }

    [Fact]
    public async Task AGuardThatCannotTell_Is503WithRetryAfter_NothingIsDelivered_AndWeChatsRetryIsDelivered()
    {
        _guard.Answer = () => throw new WeChatUnavailableException(WeChatUnavailableReason.TransientFailure, "The shared push memory cannot be reached.", TimeSpan.FromSeconds(7));

        using var unanswered = await _client.PostAsync(SignedQuery(), Xml(Push("trace-later")));
        _guard.Answer = () => true;
        using var retried = await _client.PostAsync(SignedQuery(), Xml(Push("trace-later")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unanswered.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), unanswered.Headers.RetryAfter?.Delta);
        Assert.Contains("cannot be reached", await unanswered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("trace-later", Assert.Single(_handler.Results).TraceId);
    }

    private static string SignedQuery()
    {
        var timestamp = Timestamp.ToString(CultureInfo.InvariantCulture);
        return $"/wechat/push?signature={WeChatPushSignature.Compute(PushToken, timestamp, "nonce1")}&timestamp={timestamp}&nonce=nonce1";
    }

    private static string Push(string traceId) =>
        $"<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_media_check]]></Event><isrisky>1</isrisky><appid><![CDATA[wx1234567890]]></appid><trace_id><![CDATA[{traceId}]]></trace_id><status_code>0</status_code></xml>";

    private static StringContent Xml(string xml) => new(xml, Encoding.UTF8, "text/xml");

    private sealed record Question(string SignedQuery, byte[] BodyHash, TimeSpan KeepFor);

    private sealed class ScriptedGuard : IWeChatPushReplayGuard
    {
        public List<Question> Asked { get; } = [];

        public Func<bool> Answer { get; set; } = () => true;

        public ValueTask<bool> TryAcceptAsync(string signedQuery, ReadOnlyMemory<byte> bodyHash, TimeSpan keepFor, CancellationToken cancellationToken)
        {
            Asked.Add(new Question(signedQuery, bodyHash.ToArray(), keepFor));
            return ValueTask.FromResult(Answer());
        }
    }
}
