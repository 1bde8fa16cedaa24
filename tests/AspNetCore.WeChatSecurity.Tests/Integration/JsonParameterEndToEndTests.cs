using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// JSON kept as it came as a parameter of its own (a JsonElement, JsonNode, JsonDocument or Newtonsoft.Json JToken body)
/// under a check without a field name, against the emulator, MVC and minimal APIs alike: its strings and property names
/// are checked, keyed by their JSON path exactly as the same JSON bound as an <c>object</c> is. The start used to be
/// refused.
/// </summary>
public sealed class JsonParameterEndToEndTests
{
    private const string Risky = WeChatEmulatorOptions.OfficialRiskyText1;

    // Each shape with the object form beside it: the keys asserted are the same for both.
    public static TheoryData<string> SystemTextJsonBodies =>
    [
        "/mvc-json/element", "/mvc-json/node", "/mvc-json/document", "/mvc-json/object",
        "/minimal-json/element", "/minimal-json/node", "/minimal-json/document", "/minimal-json/object",
    ];

    public static TheoryData<string> NewtonsoftBodies => ["/mvc-json/token", "/mvc-json/object"];

    [Theory]
    [MemberData(nameof(SystemTextJsonBodies))]
    public async Task RiskyStringInside_Is422KeyedByItsJsonPath(string path)
    {
        await using var app = await StartAsync(path);

        using var fine = await app.Client.PostAsJsonAsync(path, Post("天气"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.StartsWith("published: ", await fine.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // title, extra and tags as names, 好 and 天气 as values: each distinct text once.
        Assert.Equal(5, app.TextCalls);

        using var response = await app.Client.PostAsJsonAsync(path, Post("我想说：" + Risky));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["extra.tags[1]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // A body that is an array is keyed from its index, as MVC keys a list bound from a body ("[1].note").
    [Theory]
    [MemberData(nameof(SystemTextJsonBodies))]
    public async Task RiskyPropertyNameInAnArrayBody_Is422KeyedByItsJsonPath(string path)
    {
        await using var app = await StartAsync(path);

        using var response = await app.Client.PostAsJsonAsync<object[]>(path, ["好", new Dictionary<string, string> { [Risky] = "好" }]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"[1].{Risky}"], await IntegrationApp.ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(NewtonsoftBodies))]
    public async Task Newtonsoft_RiskyStringInside_Is422KeyedByItsJsonPath(string path)
    {
        await using var app = await StartAsync(path, newtonsoft: true);

        using var fine = await app.Client.PostAsJsonAsync(path, Post("天气"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal("published: " + (path.EndsWith("token", StringComparison.Ordinal) ? "Object" : "JObject"), await fine.Content.ReadAsStringAsync());
        Assert.Equal(5, app.TextCalls);

        using var response = await app.Client.PostAsJsonAsync(path, Post("我想说：" + Risky));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["extra.tags[1]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(NewtonsoftBodies))]
    public async Task Newtonsoft_RiskyPropertyName_Is422KeyedByItsPath(string path)
    {
        await using var app = await StartAsync(path, newtonsoft: true);

        using var response = await app.Client.PostAsJsonAsync(path, new Dictionary<string, object> { ["title"] = "好", ["author"] = new Dictionary<string, int> { [Risky] = 1 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"author.{Risky}"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // {"title":"好","extra":{"tags":["好",tag]}}
    private static object Post(string tag) => new { title = "好", extra = new { tags = new List<string> { "好", tag } } };

    // The controller or the endpoints the path needs, not both: each framework's start is refused on its own.
    internal static Task<IntegrationApp> StartAsync(string path, bool newtonsoft = false) =>
        IntegrationApp.StartAsync(
            services: newtonsoft ? s => s.AddControllers().AddNewtonsoftJson() : null,
            controllers: path.StartsWith("/mvc-json/", StringComparison.Ordinal) ? [typeof(IntegrationJsonController)] : null,
            endpoints: path.StartsWith("/minimal-json/", StringComparison.Ordinal) ? MapJsonBodies : null);

    private static void MapJsonBodies(WebApplication app)
    {
        app.MapPost("/minimal-json/element", (JsonElement body) => "published: " + body.ValueKind).WithMsgSecCheck();
        app.MapPost("/minimal-json/node", (JsonNode body) => "published: " + body.GetValueKind()).WithMsgSecCheck();
        app.MapPost("/minimal-json/document", (JsonDocument body) => "published: " + body.RootElement.ValueKind).WithMsgSecCheck();
        app.MapPost("/minimal-json/object", (object body) => "published: " + body.GetType().Name).WithMsgSecCheck();
    }
}
