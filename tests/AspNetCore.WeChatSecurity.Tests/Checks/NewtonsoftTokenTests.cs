using AspNetCore.WeChatSecurity.Checks;
using Newtonsoft.Json.Linq;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>
/// Newtonsoft.Json's tokens, what <c>AddNewtonsoftJson()</c> binds for an <c>object</c> or <c>JObject</c>, read through the
/// real package: a JValue used to be walked as an empty sequence, and the strings in a JObject reached the action.
/// </summary>
public sealed class NewtonsoftTokenTests
{
    [Fact]
    public void StringsAndPropertyNames_AreChecked_KeyedByTheirJsonPath()
    {
        var bag = new TokenBag
        {
            Extra = JObject.Parse("""{"title":"one","tags":["two",3,true,null,"2024-01-01T00:00:00Z"],"author":{"name":"four"}}"""),
            Token = JArray.Parse("""["five"]"""),
            Value = new JValue("six"),
            Items = new Dictionary<string, object?> { ["k"] = JObject.Parse("""{"v":"seven"}""") },
        };

        var values = Collect(bag);

        Assert.Equal(
            ["title", "one", "tags", "two", "author", "name", "four", "five", "six", "k", "v", "seven"],
            values.Select(v => v.Text));
        Assert.Equal(
            ["Extra.title", "Extra.title", "Extra.tags", "Extra.tags[0]", "Extra.author", "Extra.author.name", "Extra.author.name",
                "Token[0]", "Value", "Items[k]", "Items[k].v", "Items[k].v"],
            values.Select(v => v.Key));
    }

    // Newtonsoft.Json reads a constructor (new Name(...)) wherever a value may stand, as AddNewtonsoftJson() binds it:
    // its name is the client's text (any letters), which JObject.ToString() writes back out.
    [Fact]
    public void ConstructorNames_AreChecked_KeyedByTheConstructorsPath()
    {
        var bag = new TokenBag { Extra = JObject.Parse("""{"a":new 名字("x",new 别名())}""") };

        var values = Collect(bag);

        Assert.Equal(["a", "名字", "x", "别名"], values.Select(v => v.Text));
        Assert.Equal(["Extra.a", "Extra.a", "Extra.a[0]", "Extra.a[1]"], values.Select(v => v.Key));
    }

    // A date-looking string is a date token and a raw token is JSON text: neither is a string.
    [Fact]
    public void TokensThatAreNotStrings_AreNotText()
    {
        var bag = new TokenBag { Extra = new JArray(new JValue(DateTime.UnixEpoch), new JRaw("\"raw\""), new JValue(1.5)) };

        Assert.Empty(Collect(bag));
    }

    // Newtonsoft.Json's serializer, which AddNewtonsoftJson() binds with, keeps a comment inside an array of a JToken (or
    // of an array bound as an object) as a token of its own, and JToken.ToString() writes it back out into what an app
    // stores: its text is the client's, keyed by the comment's own path as JToken.Path gives it. (It drops one between an
    // object's properties.) Comments were passed over.
    [Fact]
    public void Comments_AreChecked_KeyedByTheirOwnPath()
    {
        var bag = Deserialize("""
            {"Token": {"a": 1 /* 丢 */, "tags": ["one", /* 评论 */ "two" // 注释
            ]}, "Extra": [/* 三 */]}
            """);
        var comments = bag.Token!.SelectTokens("$..*").Where(token => token.Type == JTokenType.Comment).ToList();

        var values = Collect(bag);

        Assert.Equal([" 三 ", "a", "tags", "one", " 评论 ", "two", " 注释"], values.Select(v => v.Text));
        Assert.Equal(["Extra[0]", "Token.a", "Token.tags", "Token.tags[0]", "Token.tags[1]", "Token.tags[2]", "Token.tags[3]"], values.Select(v => v.Key));
        Assert.Equal(["tags[1]", "tags[3]"], comments.Select(comment => comment.Path));
        Assert.Contains("/* 评论 */", bag.Token.ToString(Newtonsoft.Json.Formatting.None), StringComparison.Ordinal);
    }

    // A comment standing as a property's value (in a JObject an app builds) is keyed by the property, as a string there
    // is; JToken.ToString() writes it out as /*评论*/null.
    [Fact]
    public void ACommentAsAPropertysValue_IsKeyedByTheProperty()
    {
        var property = new JProperty("note", "placeholder") { Value = JValue.CreateComment("评论") };
        var bag = new TokenBag { Extra = new JObject(property) };

        var values = Collect(bag);

        Assert.Equal([("Extra.note", "note"), ("Extra.note", "评论")], values.Select(v => (v.Key, v.Text)));
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsRefusedAs400()
    {
        var json = new string('[', ValueCollector.MaxDepth + 1) + "\"deep\"" + new string(']', ValueCollector.MaxDepth + 1);
        var bag = new TokenBag { Extra = JArray.Parse(json) };

        var error = Assert.Throws<WeChatInvalidContentException>(() => Collect(bag));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, error.Reason);
    }

    // Objects nest as deep as arrays do: a property does not count as a level of its own.
    [Fact]
    public void ObjectsWithinTheLimit_AreWalked()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", ValueCollector.MaxDepth - 2)) + "\"deep\"" + new string('}', ValueCollector.MaxDepth - 2);
        var bag = new TokenBag { Extra = JObject.Parse(json) };

        Assert.Contains("deep", Collect(bag).Select(v => v.Text));
    }

    [Fact]
    public void TokenTypes_HoldTextButNoFiles()
    {
        Assert.True(ValueShapes.MayContain(typeof(JObject), WeChatCheckKind.Text));
        Assert.True(ValueShapes.MayContain(typeof(JToken), WeChatCheckKind.Text));
        Assert.False(ValueShapes.MayContain(typeof(JObject), WeChatCheckKind.Image));
        Assert.False(ValueShapes.MayContain(typeof(List<JArray>), WeChatCheckKind.Image));
    }

    private static TokenBag Deserialize(string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json));
        return Newtonsoft.Json.JsonSerializer.CreateDefault().Deserialize<TokenBag>(reader)!;
    }

    private static List<CollectedValue> Collect(TokenBag bag)
    {
        var parameter = new CheckParameter("bag", "bag", typeof(TokenBag), 0, string.Empty);
        var values = new List<CollectedValue>();
        ValueCollector.ByPropertyName.Collect(new CheckTarget(new MsgSecCheckAttribute(), parameter, []), bag, string.Empty, values);
        return values;
    }

    public sealed class TokenBag
    {
        public object? Extra { get; set; }

        public JToken? Token { get; set; }

        public JValue? Value { get; set; }

        public Dictionary<string, object?>? Items { get; set; }
    }
}
