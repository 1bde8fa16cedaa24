using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// What the filters do around the check of one string, on every kind of endpoint: which blank text they let through,
/// and how often they ask the application for the user's openid.
/// </summary>
public sealed class OneStringCheckTests
{
    // One string read straight from the body (MVC and minimal API), and plans of two targets: with a title too, both
    // values are checked together; without one, the comment alone.
    public static TheoryData<string, string?> CommentEndpoints => new()
    {
        { "/mvc/json", null },
        { "/minimal/comment", null },
        { "/api/comments", null },
        { "/minimal/comments", null },
        { "/api/comments", "标题" },
        { "/minimal/comments", "标题" },
    };

    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task BlankComment_OverMaxTextLength_Is413_AsCheckTextAsyncAnswersIt(string path, string? title)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Text.MaxTextLength = 10);

        using var tooLong = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = new string(' ', 11) });
        var callsForTooLong = app.TextCalls;
        using var withinLimit = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = new string(' ', 10) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(tooLong);
        Assert.Equal(["Comment"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, withinLimit.StatusCode);

        // Blank text is never sent: only a title is, and not beside a comment that refuses the request.
        Assert.Equal(0, callsForTooLong);
        Assert.Equal(title is null ? 0 : 1, app.TextCalls);
    }

    // The look in memory decides v1 or v2 by the openid, and a miss then sends the same openid to WeChat: the
    // application's resolver is asked once a request, not once for the look and again for the check.
    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task OpenIdResolver_IsAskedOncePerRequest_OnAMissAndOnAHit(string path, string? title)
    {
        var asked = 0;
        await using var app = await IntegrationApp.StartAsync(o => o.OpenIdResolver = _ =>
        {
            Interlocked.Increment(ref asked);
            return IntegrationApp.OpenId;
        });

        using var miss = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = "第一次发表的评论" });
        var askedOnMiss = Volatile.Read(ref asked);
        using var hit = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = "第一次发表的评论" });

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(1, askedOnMiss);
        Assert.Equal(2, Volatile.Read(ref asked));
        Assert.Equal(title is null ? 1 : 2, app.TextCalls);
        Assert.All(app.Emulator.Requests.Where(r => r.Endpoint == WeChatEmulatorEndpoint.MsgSecCheck), r => Assert.Contains(IntegrationApp.OpenId, r.BodyText, StringComparison.Ordinal));
    }

    // V1 never sends an openid: the resolver (which may be a database lookup) is not asked at all.
    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task UnderTextVersionV1_TheOpenIdResolverIsNeverAsked(string path, string? title)
    {
        var asked = 0;
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = WeChatApiVersion.V1;
            o.OpenIdResolver = _ =>
            {
                Interlocked.Increment(ref asked);
                return IntegrationApp.OpenId;
            };
        });

        using var miss = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = "第一次发表的评论" });
        using var hit = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title, comment = "第一次发表的评论" });

        Assert.Equal(HttpStatusCode.OK, miss.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal(0, Volatile.Read(ref asked));
        Assert.Equal(title is null ? 1 : 2, app.TextCalls);
    }
}
