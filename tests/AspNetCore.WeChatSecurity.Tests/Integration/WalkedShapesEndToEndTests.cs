using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// Text in shapes beyond string properties, against the emulator, MVC and minimal APIs alike: the keys of a bound
/// dictionary, JSON property names, tuple items, links (<c>Uri</c>), and (with <c>AddNewtonsoftJson()</c>) Newtonsoft.Json's tokens. Each
/// reached the action unchecked before.
/// </summary>
public sealed class WalkedShapesEndToEndTests
{
    private const string Risky = WeChatEmulatorOptions.OfficialRiskyText1;

    public static TheoryData<string> ShapeEndpoints => ["/mvc/shapes", "/minimal/shapes"];

    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task RiskyDictionaryKey_Is422KeyedByItsEntry(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { votes = new Dictionary<string, int> { ["好"] = 1, [Risky] = 2 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"Votes[{Risky}]"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task RiskyKeyOfAFormBoundDictionary_Is422KeyedByItsEntry()
    {
        await using var app = await IntegrationApp.StartAsync();
        using var form = new FormUrlEncodedContent([new("votes[好]", "1"), new($"votes[{Risky}]", "2")]);

        using var response = await app.Client.PostAsync("/mvc/votes", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"votes[{Risky}]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task RiskyJsonPropertyName_Is422KeyedByItsPath(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { extra = new Dictionary<string, object> { ["note"] = new Dictionary<string, string> { [Risky] = "好" } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"Extra.note.{Risky}"], await IntegrationApp.ErrorKeysAsync(response));
    }

    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task RiskyTupleItem_Is422KeyedByItsItem(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { pair = new { item1 = "好", item2 = "我想说：" + Risky } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Pair.Item2"], await IntegrationApp.ErrorKeysAsync(response));
    }

    public static TheoryData<string> HomepageEndpoints => ["/mvc/homepage", "/minimal/homepage"];

    // A link is text like a string (an app shows it), checked as Uri.ToString() shows it: its escapes decoded.
    [Theory]
    [MemberData(nameof(HomepageEndpoints))]
    public async Task RiskyLink_Is422KeyedByItsProperty(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var fine = await app.Client.PostAsJsonAsync(path, new { homepage = "https://example.com/好" });
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);

        using var plain = await app.Client.PostAsJsonAsync(path, new { homepage = "https://example.com/" + Risky });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        Assert.Equal(["Homepage"], await IntegrationApp.ErrorKeysAsync(plain));

        using var escaped = await app.Client.PostAsJsonAsync(path, new { homepage = "https://example.com/" + Uri.EscapeDataString(Risky) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, escaped.StatusCode);
        Assert.Equal(["Homepage"], await IntegrationApp.ErrorKeysAsync(escaped));

        // The escaped link reads as the plain one: its verdict came from the cache.
        Assert.Equal(2, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task RiskyLinkInAList_Is422KeyedByItsPosition(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { mirrors = new[] { "https://example.com/好", "https://example.com/" + Risky } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Mirrors[1]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // Links count toward the limit as texts do: 4 distinct links are over a limit of 3, before any call.
    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task Links_CountTowardTheLimit(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.Text.MaxTextLength = 2500;
            o.Text.MaxChecksPerRequest = 3;
        });

        using var response = await app.Client.PostAsJsonAsync(path, new { mirrors = "abcd".Select(host => $"https://{host}.example/") });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, app.TextCalls);
    }

    [Fact]
    public async Task RiskyLinkInAQuery_Is422KeyedByItsParameter()
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.GetAsync("/minimal/link?link=" + Uri.EscapeDataString("https://example.com/" + Risky));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["link"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // Keys and values are texts like any other toward the limit, a text that is both counted once: 4 distinct texts
    // are over a limit of 3, and 2 distinct texts sent as both keys and values are within a limit of 2. (A limit that
    // low needs texts of one chunk: the options validator holds it to what the longest text can need.)
    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task KeysAndValues_CountTowardTheLimit_EachDistinctTextOnce(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.Text.MaxTextLength = 2500;
            o.Text.MaxChecksPerRequest = 3;
        });

        using var over = await app.Client.PostAsJsonAsync(path, new { labels = new Dictionary<string, string> { ["甲"] = "乙", ["丙"] = "丁" } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(0, app.TextCalls);

        using var within = await app.Client.PostAsJsonAsync(path, new { labels = new Dictionary<string, string> { ["甲"] = "乙", ["乙"] = "甲" } });
        Assert.Equal(HttpStatusCode.OK, within.StatusCode);
        Assert.Equal(2, app.TextCalls);
    }

    [Fact]
    public async Task Newtonsoft_RiskyStringInAnObjectProperty_Is422KeyedByItsJsonPath()
    {
        await using var app = await StartWithNewtonsoftAsync();

        using var fine = await app.Client.PostAsJsonAsync("/mvc/shapes", new { extra = new { tags = new List<string> { "好", "天气" } } });
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.Equal("published: JObject", await fine.Content.ReadAsStringAsync());

        using var response = await app.Client.PostAsJsonAsync("/mvc/shapes", new { extra = new { tags = new[] { "好", "我想说：" + Risky } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Extra.tags[1]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    [Fact]
    public async Task Newtonsoft_RiskyPropertyNameOfAJObjectParameter_Is422KeyedByItsPath()
    {
        await using var app = await StartWithNewtonsoftAsync();

        using var response = await app.Client.PostAsJsonAsync("/mvc/jobject", new Dictionary<string, object> { ["title"] = "好", ["author"] = new Dictionary<string, int> { [Risky] = 1 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([$"author.{Risky}"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(4, app.TextCalls);
    }

    // Newtonsoft.Json keeps a comment inside an array, and writes it back out with the JSON an app stores.
    [Fact]
    public async Task Newtonsoft_RiskyComment_Is422KeyedByItsPath()
    {
        await using var app = await StartWithNewtonsoftAsync();
        using var body = new StringContent($$"""{"title": "好", "tags": ["好", /* 我想说：{{Risky}} */ "天气"]}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync("/mvc/jobject", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["tags[1]"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // An app that skips comments keeps them in a JsonElement's raw text, which it may store: each is checked, keyed by
    // the object or array it stands in.
    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task SkippedComment_Is422KeyedByItsContainer(string path)
    {
        await using var app = await IntegrationApp.StartAsync(services: s =>
        {
            s.ConfigureHttpJsonOptions(o => o.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Skip);
            s.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.ReadCommentHandling = JsonCommentHandling.Skip);
        });
        using var body = new StringContent($$$"""{"extra": {"tags": ["好", /* 我想说：{{{Risky}}} */ "天气"]}}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Extra.tags"], await IntegrationApp.ErrorKeysAsync(response));
    }

    // The reader skips a comment without reading it as UTF-8: one holding a byte that is no UTF-8 binds, and could not be
    // read as text when checked (a 500). It is the client's JSON, answered 400 under its container before any call.
    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task SkippedCommentThatIsNotUtf8_Is400KeyedByItsContainer_WithoutAWeChatCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync(services: s =>
        {
            s.ConfigureHttpJsonOptions(o => o.SerializerOptions.ReadCommentHandling = JsonCommentHandling.Skip);
            s.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.ReadCommentHandling = JsonCommentHandling.Skip);
        });
        byte[] json = [.. Encoding.UTF8.GetBytes("""{"extra": {"tags": ["好", /* """), 0xFF, .. Encoding.UTF8.GetBytes(""" */ "天气"]}}""")];
        using var body = new ByteArrayContent(json);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await app.Client.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Contains("not UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Extra.tags"], await IntegrationApp.ErrorKeysAsync(response));
        Assert.Equal(0, app.TextCalls);
    }

    // An app that allows trailing commas keeps them in a JsonElement's raw text, which is read for comments when it holds
    // a slash: a link beside a trailing comma was a 500, not the action's answer.
    [Theory]
    [MemberData(nameof(ShapeEndpoints))]
    public async Task TrailingCommaBesideALink_ReachesTheAction(string path)
    {
        await using var app = await IntegrationApp.StartAsync(services: s =>
        {
            s.ConfigureHttpJsonOptions(o => o.SerializerOptions.AllowTrailingCommas = true);
            s.AddControllers().AddJsonOptions(o => o.JsonSerializerOptions.AllowTrailingCommas = true);
        });
        using var body = new StringContent("""{"extra": {"tags": ["好", "https://example.com/",]}}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<IntegrationApp> StartWithNewtonsoftAsync() =>
        IntegrationApp.StartAsync(services: s => s.AddControllers().AddNewtonsoftJson());
}
