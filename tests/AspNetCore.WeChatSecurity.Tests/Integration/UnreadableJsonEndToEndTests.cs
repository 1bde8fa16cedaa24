using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// JSON kept as it came that System.Text.Json binds without complaint but cannot read as text: an escaped lone surrogate
/// in a string or a name, and a JsonObject naming a property twice. Each is the client's JSON, answered 400 keyed by its
/// path before any WeChat call, where the check used to throw out of the filter for a 500.
/// </summary>
public sealed class UnreadableJsonEndToEndTests
{
    private const string Risky = WeChatEmulatorOptions.OfficialRiskyText1;

    public static TheoryData<string> SystemTextJsonBodies => JsonParameterEndToEndTests.SystemTextJsonBodies;

    public static TheoryData<string> JsonNodeBodies => ["/mvc-json/node", "/minimal-json/node"];

    [Theory]
    [MemberData(nameof(SystemTextJsonBodies))]
    public async Task LoneSurrogateInAString_Is400KeyedByItsPath_WithoutAWeChatCall(string path)
    {
        await using var app = await JsonParameterEndToEndTests.StartAsync(path);

        using var response = await PostAsync(app, path, """{"title":"好","extra":{"tags":["好","\ud800"]}}""");

        await AssertUnreadableAsync(response, "extra.tags[1]", "lone surrogate");
        Assert.Equal(0, app.TextCalls);
    }

    // A name that cannot be read is reported under the object it stands in.
    [Theory]
    [MemberData(nameof(SystemTextJsonBodies))]
    public async Task LoneSurrogateInAPropertyName_Is400KeyedByItsObject_WithoutAWeChatCall(string path)
    {
        await using var app = await JsonParameterEndToEndTests.StartAsync(path);

        using var response = await PostAsync(app, path, """{"title":"好","extra":{"\udc00":"好"}}""");

        await AssertUnreadableAsync(response, "extra", "lone surrogate");
        Assert.Equal(0, app.TextCalls);
    }

    // A JsonElement keeps both properties, and both are checked; a JsonObject cannot hold them.
    [Theory]
    [MemberData(nameof(JsonNodeBodies))]
    public async Task PropertyNamedTwice_InAJsonObject_Is400KeyedByTheObject_WithoutAWeChatCall(string path)
    {
        await using var app = await JsonParameterEndToEndTests.StartAsync(path);

        using var response = await PostAsync(app, path, $$$"""{"title":"好","extra":{"note":"好","note":"{{{Risky}}}"}}""");

        await AssertUnreadableAsync(response, "extra", "more than once");
        Assert.Equal(0, app.TextCalls);
    }

    private static async Task<HttpResponseMessage> PostAsync(IntegrationApp app, string path, string json)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await app.Client.PostAsync(path, content);
    }

    private static async Task AssertUnreadableAsync(HttpResponseMessage response, string key, string saying)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal("The content cannot be checked.", problem.GetProperty("title").GetString());
        Assert.Contains(saying, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Equal(key, Assert.Single(errors).Name);
        Assert.Equal(JsonValueKind.Array, errors[0].Value.ValueKind);
    }
}
