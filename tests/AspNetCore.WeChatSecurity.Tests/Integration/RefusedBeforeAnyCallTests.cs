using System.Net;
using System.Net.Http.Json;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A request that will be refused spends no WeChat quota: what refuses it is found before the first call is made for
/// any of its values, MVC and minimal APIs alike.
/// </summary>
public sealed class RefusedBeforeAnyCallTests
{
    public static TheoryData<string> TagEndpoints => ["/minimal/tags", "/mvc/tags"];

    public static TheoryData<string> CommentEndpoints => ["/minimal/comments", "/api/comments"];

    // The two short tags would be two calls: the long one refuses the request before either is made, with the answer a
    // text that long gets alone.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task ATextOverMaxTextLength_AmongOthers_Is413_WithoutAnyCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Text.MaxTextLength = 10);

        using var response = await app.Client.PostAsJsonAsync(path, new { tags = new[] { "第一", "第二", new string('长', 11), "第一" } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("The text is 11 characters long; at most 10 characters are accepted.", problem.GetProperty("detail").GetString());
        Assert.Equal(["Tags[2]"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, app.TextCalls);
    }

    // Every text over the length is named, and the detail is the first one's, as when each was checked.
    [Theory]
    [MemberData(nameof(CommentEndpoints))]
    public async Task SeveralFields_OneOverMaxTextLength_Is413_WithoutAnyCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Text.MaxTextLength = 10);

        using var titleTooLong = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title = new string('题', 12), comment = "评论" });
        using var bothTooLong = await app.Client.PostAsJsonAsync(path, new { articleId = "a1", title = new string('题', 12), comment = new string('评', 11) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, titleTooLong.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(titleTooLong);
        Assert.Equal("The text is 12 characters long; at most 10 characters are accepted.", problem.GetProperty("detail").GetString());
        Assert.Equal(["Title"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bothTooLong.StatusCode);
        Assert.Equal(["Title", "Comment"], await IntegrationApp.ErrorKeysAsync(bothTooLong));
        Assert.Equal(0, app.TextCalls);
    }

    // A body may hold hundreds of thousands of texts over a small MaxTextLength (the collection budget counts only texts
    // that would be calls): the answer and its log name the first 200 fields, as MVC stops at MaxModelValidationErrors,
    // and say so.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task ManyTextsOverMaxTextLength_Is413_NamingTheFirst200(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.Text.MaxTextLength = 1);

        using var response = await app.Client.PostAsJsonAsync(path, new { tags = Enumerable.Range(0, 1000).Select(i => "长" + i).ToArray() });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(
            "The text is 2 characters long; at most 1 characters are accepted. Only the first 200 fields are named.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"Tags[{i}]"), problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, app.TextCalls);
    }
}
