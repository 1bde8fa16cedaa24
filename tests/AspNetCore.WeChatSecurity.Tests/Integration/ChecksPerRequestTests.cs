using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// One request may send at most <see cref="WeChatTextOptions.MaxChecksPerRequest"/> distinct texts and
/// <see cref="WeChatImageOptions.MaxChecksPerRequest"/> images for checking: more is answered 413 before any WeChat call,
/// so that one request cannot spend the quota every other user shares. MVC and minimal APIs alike.
/// </summary>
public sealed class ChecksPerRequestTests
{
    private static readonly string[] TwoTextsAmongBlanks = ["第一", " ", "", "第二", "\t"];

    public static TheoryData<string> TagEndpoints => ["/minimal/tags", "/mvc/tags"];

    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task OneTextOverTheDefault_IsAnswered413_WithoutAnyCall(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { tags = DistinctTags(65) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await IntegrationApp.ReadJsonAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal(
            "The request carries at least 65 distinct texts to check, needing at least 65 WeChat calls (a long text takes one per chunk); at most 64 calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).",
            problem.GetProperty("detail").GetString());
        Assert.Equal(0, app.TextCalls);
    }

    // The walk stops at the first text over the limit: the answer says how many it found, which the request has at least.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task AHundredThousandTexts_Are413_CountedNoFurtherThanOneOverTheLimit(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { tags = DistinctTags(100_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(
            "The request carries at least 65 distinct texts to check, needing at least 65 WeChat calls (a long text takes one per chunk); at most 64 calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).",
            (await IntegrationApp.ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task ExactlyTheLimit_IsChecked_EachTextOnce(string path)
    {
        await using var app = await IntegrationApp.StartAsync();

        using var response = await app.Client.PostAsJsonAsync(path, new { tags = DistinctTags(64) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(64, app.TextCalls);
    }

    // 3 distinct texts sent 4 times over (12 values) are 3 checks: within a limit of 3. (A limit that low needs texts no
    // longer than one chunk: the options validator holds the limit to what the longest text can need.)
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task RepeatedTexts_CountOnce(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => OneChunkTexts(o, limit: 3));
        var tags = Enumerable.Repeat(DistinctTags(3), 4).SelectMany(t => t).ToArray();

        using var response = await app.Client.PostAsJsonAsync(path, new { tags });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, app.TextCalls);
    }

    // Blank strings are never sent to WeChat, so they do not count toward the limit either.
    [Fact]
    public async Task BlankTexts_DoNotCount()
    {
        await using var app = await IntegrationApp.StartAsync(o => OneChunkTexts(o, limit: 2));

        using var response = await app.Client.PostAsJsonAsync("/minimal/tags", new { tags = TwoTextsAmongBlanks });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, app.TextCalls);
    }

    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task TheLimit_FollowsAConfigurationReload(string path)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChatSecurity:Text:MaxChecksPerRequest"] = "3",
                ["WeChatSecurity:Text:MaxTextLength"] = "2500",
            })
            .Build();
        await using var app = await IntegrationApp.StartAsync(services: s => s.Configure<WeChatSecurityOptions>(configuration.GetSection("WeChatSecurity")));
        var tags = DistinctTags(4);

        using var before = await app.Client.PostAsJsonAsync(path, new { tags });
        var callsBefore = app.TextCalls;
        configuration["WeChatSecurity:Text:MaxChecksPerRequest"] = "4";
        configuration.Reload();
        using var raised = await app.Client.PostAsJsonAsync(path, new { tags });
        var callsRaised = app.TextCalls;
        configuration["WeChatSecurity:Text:MaxChecksPerRequest"] = "2";
        configuration.Reload();
        using var lowered = await app.Client.PostAsJsonAsync(path, new { tags = DistinctTags(3, "other") });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, before.StatusCode);
        Assert.Equal(0, callsBefore);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(4, callsRaised);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, lowered.StatusCode);
        Assert.Contains("at most 2 calls are accepted", (await IntegrationApp.ReadJsonAsync(lowered)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, app.TextCalls);
    }

    // Images have their own limit: they draw on their own quota. Identical bytes in separate files are separate uploads.
    [Fact]
    public async Task OneImageOverItsLimit_IsAnswered413_WithoutAnyCall()
    {
        await using var app = await IntegrationApp.StartAsync();

        using var over = await app.Client.PostAsync("/minimal/photos", Photos(10));
        var callsOver = app.ImageCalls;
        using var atLimit = await app.Client.PostAsync("/minimal/photos", Photos(9));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(
            "The request carries at least 10 distinct images to check; at most 9 are accepted (WeChatSecurity:Images:MaxChecksPerRequest).",
            (await IntegrationApp.ReadJsonAsync(over)).GetProperty("detail").GetString());
        Assert.Equal(0, callsOver);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.True(app.ImageCalls >= 1);
    }

    // A long text is as many calls as it has chunks (v2, with an openid: 2,500 characters each): 22 texts of 3 chunks are
    // 66 calls, over the default 64, though 22 texts are far from it; 21 of them (63 calls) are checked, chunk by chunk.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task LongTexts_CountOneCallPerChunk(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.OpenIdResolver = _ => IntegrationApp.OpenId);
        var texts = LongTexts(22);
        Assert.All(texts, text => Assert.Equal(3, TextChunker.Count(text, TextChunkLimit.V2, 50)));

        using var over = await app.Client.PostAsJsonAsync(path, new { tags = texts });
        var callsOver = app.TextCalls;
        using var atLimit = await app.Client.PostAsJsonAsync(path, new { tags = texts[1..] });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(
            "The request carries 22 distinct texts to check, needing 66 WeChat calls (a long text takes one per chunk); at most 64 calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).",
            (await IntegrationApp.ReadJsonAsync(over)).GetProperty("detail").GetString());
        Assert.Equal(0, callsOver);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(63, app.TextCalls);
    }

    // Texts of 9,500 characters may need 5 v2 chunks by their length alone, and need 4 by their words: 16 of them are 64
    // calls, within the default though their lengths allow 80, and are checked; 17 are 68 calls, over it.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task LongTexts_AreCountedByTheirChunks_NotTheMostTheirLengthAllows(string path)
    {
        await using var app = await IntegrationApp.StartAsync(o => o.OpenIdResolver = _ => IntegrationApp.OpenId);
        var texts = LongTexts(17, length: 9500);
        Assert.All(texts, text => Assert.Equal(4, TextChunker.Count(text, TextChunkLimit.V2, 50)));
        Assert.Equal(5, TextChunker.MostChunks(9500, TextChunkLimit.V2, 50));

        using var within = await app.Client.PostAsJsonAsync(path, new { tags = texts[1..] });
        var callsWithin = app.TextCalls;
        using var over = await app.Client.PostAsJsonAsync(path, new { tags = texts });

        Assert.Equal(HttpStatusCode.OK, within.StatusCode);
        Assert.Equal(64, callsWithin);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(
            "The request carries 17 distinct texts to check, needing 68 WeChat calls (a long text takes one per chunk); at most 64 calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).",
            (await IntegrationApp.ReadJsonAsync(over)).GetProperty("detail").GetString());
        Assert.Equal(64, app.TextCalls);
    }

    // v1 takes 500 KB in one call: the same texts are one call each there, and a limit of 22 is allowed (one text of
    // 100,000 characters is one v1 call).
    [Fact]
    public async Task LongTexts_UnderV1_AreOneCallEach()
    {
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.TextVersion = WeChatApiVersion.V1;
            o.Text.MaxChecksPerRequest = 22;
        });

        using var response = await app.Client.PostAsJsonAsync("/minimal/tags", new { tags = LongTexts(22) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(22, app.TextCalls);
    }

    // The validator holds the limit at or above what the longest text can need, so one text of MaxTextLength is accepted
    // alone under the lowest limit allowed; a second one is over it.
    [Theory]
    [MemberData(nameof(TagEndpoints))]
    public async Task OneTextOfTheLongestLength_FitsTheLowestLimitAllowed(string path)
    {
        var lowest = TextChunker.MostChunks(10_000, TextChunkLimit.V2, 50);
        await using var app = await IntegrationApp.StartAsync(o =>
        {
            o.OpenIdResolver = _ => IntegrationApp.OpenId;
            o.Text.MaxTextLength = 10_000;
            o.Text.MaxChecksPerRequest = lowest;
        });
        var texts = LongTexts(2, length: 10_000);

        using var alone = await app.Client.PostAsJsonAsync(path, new { tags = texts[..1] });
        var callsAlone = app.TextCalls;
        using var two = await app.Client.PostAsJsonAsync(path, new { tags = texts });

        Assert.Equal(HttpStatusCode.OK, alone.StatusCode);
        Assert.Equal(TextChunker.Count(texts[0], TextChunkLimit.V2, 50), callsAlone);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, two.StatusCode);
        Assert.Equal(callsAlone, app.TextCalls);
    }

    private static void OneChunkTexts(WeChatSecurityOptions options, int limit)
    {
        options.Text.MaxTextLength = 2500;
        options.Text.MaxChecksPerRequest = limit;
    }

    // Distinct words throughout, so that no two chunks are the same text (which would be checked once).
    private static string[] LongTexts(int count, int length = 6000) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var text = new StringBuilder(length + 16);
            for (var word = 0; text.Length < length; word++)
            {
                text.Append(CultureInfo.InvariantCulture, $"t{i}w{word} ");
            }

            return text.ToString(0, length);
        })];

    private static string[] DistinctTags(int count, string prefix = "标签") =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];

    private static MultipartFormDataContent Photos(int count)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++)
        {
            var part = new ByteArrayContent(WeChatEmulator.SafeTestImage.ToArray());
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(part, "photos", "p" + i.ToString(CultureInfo.InvariantCulture) + ".png");
        }

        return form;
    }
}
