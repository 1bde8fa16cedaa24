using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;
using AspNetCore.WeChatSecurity.Checks;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

public sealed class ValueCollectorTests
{
    [Fact]
    public void CyclicGraph_IsWalkedOnceWithoutLooping()
    {
        var root = new Node { Text = "root" };
        var child = new Node { Text = "child", Next = root };
        root.Next = child;
        root.Children.Add(child);
        root.Children.Add(root);

        var values = CollectEverything(root, out _);

        Assert.Equal(["root", "child"], values.Select(v => v.Text));
        Assert.Equal(["Text", "Next.Text"], values.Select(v => v.Key));
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsRefusedAs400()
    {
        var root = new Node { Text = "0" };
        var current = root;
        for (var i = 1; i <= ValueCollector.MaxDepth + 1; i++)
        {
            current.Next = new Node { Text = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            current = current.Next;
        }

        var error = Assert.Throws<WeChatInvalidContentException>(() => CollectEverything(root, out _));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, error.Reason);
        Assert.StartsWith("Next.Next.", error.Field, StringComparison.Ordinal);
    }

    // A dictionary's string keys are the client's text as much as its values (an app may show a tag's name): each key is
    // reported under the entry it names, as the value under it is.
    [Fact]
    public void DictionaryKeysAndValues_AreBothChecked_KeyedByTheEntry()
    {
        var holder = new Holder { Meta = new Dictionary<string, string> { ["a"] = "one", ["b"] = "two" } };

        var values = CollectEverything(holder, out _);

        Assert.Equal(["a", "one", "b", "two"], values.Select(v => v.Text));
        Assert.Equal(["Meta[a]", "Meta[a]", "Meta[b]", "Meta[b]"], values.Select(v => v.Key));
    }

    // Votes holds no string but its keys: it used to be passed over as holding nothing to check.
    [Fact]
    public void StringKeysOfADictionaryOfNumbers_AreChecked()
    {
        var keyed = new Keyed
        {
            Votes = new Dictionary<string, int> { ["first"] = 1, ["second"] = 2 },
            Scores = new Dictionary<string, double> { ["third"] = 3 },
            Nested = [new Dictionary<string, int> { ["fourth"] = 4 }],
        };

        var values = CollectEverything(keyed, out _);

        Assert.Equal(["first", "second", "third", "fourth"], values.Select(v => v.Text));
        Assert.Equal(["Votes[first]", "Votes[second]", "Scores[third]", "Nested[0][fourth]"], values.Select(v => v.Key));
    }

    // A key of the application's own type (a slug a JSON converter or a type converter makes from the client's text), or
    // any object under object keys, is walked for its text as a value is; it used to be passed over.
    [Fact]
    public void KeysOfAnApplicationsOwnType_AreWalkedForTheirText()
    {
        var keyed = new OwnKeys
        {
            Slugs = new() { [new Slug("one")] = 1 },
            Anything = new() { [new Slug("two")] = 2, [3] = 3, ["four"] = 4 },
        };

        var values = CollectEverything(keyed, out _);

        Assert.Equal(["one", "two", "four"], values.Select(v => v.Text));
        Assert.Equal(["Slugs[one].Text", "Anything[two].Text", "Anything[four]"], values.Select(v => v.Key));
        Assert.True(ValueShapes.MayContain(typeof(Dictionary<Slug, int>), WeChatCheckKind.Text));
    }

    [Fact]
    public void NonStringKeys_StayOpaque()
    {
        var keyed = new Keyed
        {
            ById = new Dictionary<Guid, int> { [Guid.Empty] = 1 },
            Titles = new Dictionary<int, string> { [7] = "seven" },
            ByDay = new Dictionary<DayOfWeek, string> { [DayOfWeek.Monday] = "monday" },
        };

        var values = CollectEverything(keyed, out _);

        Assert.Equal(["seven", "monday"], values.Select(v => v.Text));
        Assert.Equal(["Titles[7]", "ByDay[Monday]"], values.Select(v => v.Key));
        Assert.False(ValueShapes.MayContain(typeof(Dictionary<Guid, int>), WeChatCheckKind.Text));
        Assert.True(ValueShapes.MayContain(typeof(IReadOnlyDictionary<string, int>), WeChatCheckKind.Text));
        Assert.False(ValueShapes.MayContain(typeof(Dictionary<string, int>), WeChatCheckKind.Image));
    }

    // ExpandoObject (what Newtonsoft.Json and System.Text.Json bind for one) and an application's own IReadOnlyDictionary
    // are dictionaries without being an IDictionary: their entries are keyed as a Dictionary's, not as a list of pairs.
    [Fact]
    public void DictionariesThatAreNotAnIDictionary_AreKeyedByTheEntry()
    {
        dynamic expando = new ExpandoObject();
        expando.名字 = "one";
        var holder = new OwnDictionaries { Expando = expando, Counts = new() { ["two"] = 2 } };

        var values = CollectEverything(holder, out _);

        Assert.Equal(["名字", "one", "two"], values.Select(v => v.Text));
        Assert.Equal(["Expando[名字]", "Expando[名字]", "Counts[two]"], values.Select(v => v.Key));
    }

    // A field's path through such a dictionary reads each entry's value: the pair itself used to be read as the value,
    // and the property's getter failed on it.
    [Fact]
    public void APathThroughADictionaryThatIsNotAnIDictionary_ReachesTheValues()
    {
        var parameter = new CheckParameter("value", "value", typeof(OwnDictionaries), 0, string.Empty);
        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("Nodes.Text"), [parameter], CheckTargetResolver.PropertyNames));
        var holder = new OwnDictionaries { Nodes = new() { ["first"] = new Node { Text = "one" } } };
        var values = new List<CollectedValue>();

        ValueCollector.ByPropertyName.Collect(target, holder, string.Empty, values);

        Assert.Equal(["one"], values.Select(v => v.Text));
        Assert.Equal(["Nodes[first].Text"], values.Select(v => v.Key));
    }

    // A property no check can read anything from (a span over the text, kept out of JSON) is never read: making a reader
    // for it failed, on every request that walked the object.
    [Fact]
    public void ARefStructProperty_IsPassedOver()
    {
        var values = CollectEverything(new Spanned { Text = "one" }, out _);

        Assert.Equal(["one"], values.Select(v => v.Text));
    }

    // Named by a check, such a property holds no text: the check matches nothing (and start-up says so, naming the
    // fields it could name), where making its reader failed with an ArgumentException about generic constraints.
    [Fact]
    public void ARefStructProperty_NamedByACheck_MatchesNothing()
    {
        var parameter = new CheckParameter("value", "value", typeof(Spanned), 0, string.Empty);

        Assert.Empty(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("Letters"), [parameter], CheckTargetResolver.PropertyNames));
    }

    [Fact]
    public void PairsInAList_AreWalkedForTheirKeysAndValues()
    {
        var holder = new Holder { Pairs = [new("first", "one"), new("second", "two")] };

        var values = CollectEverything(holder, out _);

        Assert.Equal(["first", "one", "second", "two"], values.Select(v => v.Text));
        Assert.Equal(["Pairs[0].Key", "Pairs[0].Value", "Pairs[1].Key", "Pairs[1].Value"], values.Select(v => v.Key));
    }

    [Fact]
    public void NonTextProperties_AreNeverRead()
    {
        var holder = new Holder { Meta = [] };

        var values = CollectEverything(holder, out _);

        Assert.Empty(values);
        Assert.Equal(0, holder.CountReads);
    }

    // An object (or Dictionary<string, object>) bound from a JSON body holds JsonElements: their strings are the request's
    // text as much as a string property's, and used to reach the action unchecked.
    [Fact]
    public void JsonKeptAsItCame_IsWalkedForItsStrings()
    {
        var bag = new JsonBag
        {
            Extra = JsonSerializer.Deserialize<object>("""{"a":{"b":["one",2,null]},"n":1}"""),
            Tree = JsonNode.Parse("""{"c":["two"],"d":true}"""),
            Element = JsonSerializer.Deserialize<JsonElement>("\"three\""),
            Bag = new Dictionary<string, object?> { ["e"] = JsonSerializer.Deserialize<object>("\"four\"") },
        };

        var values = CollectEverything(bag, out _);

        Assert.Equal(["a", "b", "one", "n", "c", "two", "d", "three", "e", "four"], values.Select(v => v.Text));
        Assert.Equal(
            ["Extra.a", "Extra.a.b", "Extra.a.b[0]", "Extra.n", "Tree.c", "Tree.c[0]", "Tree.d", "Element", "Bag[e]", "Bag[e]"],
            values.Select(v => v.Key));
    }

    // A JSON object's property names are the client's text as its values are, keyed by the property's path.
    [Fact]
    public void JsonPropertyNames_AreChecked_KeyedByThePropertysPath()
    {
        var bag = new JsonBag
        {
            Extra = JsonSerializer.Deserialize<object>("""{"名字":{"b":["one"]},"n":1}"""),
            Tree = JsonNode.Parse("""{"c":"two"}"""),
            Bag = new Dictionary<string, object?> { ["e"] = JsonSerializer.Deserialize<object>("""{"f":null}""") },
        };

        var values = CollectEverything(bag, out _);

        Assert.Equal(["名字", "b", "one", "n", "c", "two", "e", "f"], values.Select(v => v.Text));
        Assert.Equal(
            ["Extra.名字", "Extra.名字.b", "Extra.名字.b[0]", "Extra.n", "Tree.c", "Tree.c", "Bag[e]", "Bag[e].f"],
            values.Select(v => v.Key));
    }

    // An app that skips comments (ReadCommentHandling = Skip) gets JsonElements that enumerate none, but whose raw text,
    // which it may store, holds them: each is checked, keyed by the object or array it stands in. They were passed over.
    [Fact]
    public void CommentsInTheRawTextOfSkippingJson_AreChecked_KeyedByTheirContainer()
    {
        var bag = JsonSerializer.Deserialize<JsonBag>("""
            {"Extra": {"a": [/* 一 */ "x", {"b": 1 // 二
            }], /* 三 */ "c": "https://example.com/path"}, "Bag": {"k": [1, /* 四 */ 2]}, "Element": ["https://example.com/"]}
            """, SkippingComments)!;

        var values = CollectEverything(bag, out _);

        Assert.Contains("/* 一 */", bag.Extra!.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            [("Extra.a", "a"), ("Extra.a[0]", "x"), ("Extra.a[1].b", "b"), ("Extra.c", "c"), ("Extra.c", "https://example.com/path"),
                ("Extra.a", " 一 "), ("Extra.a[1]", " 二"), ("Extra", " 三 "), ("Element[0]", "https://example.com/"), ("Bag[k]", "k"), ("Bag[k]", " 四 ")],
            values.Select(v => (v.Key, v.Text)));
    }

    // An app that allows trailing commas keeps them in a JsonElement's raw text too: reading it for comments threw on the
    // first one (a 500) whenever the JSON held a slash, as any link does, with comments skipped or not.
    [Fact]
    public void TrailingCommasInTheRawText_AreReadPast_TheCommentsBesideThemChecked()
    {
        var linkOnly = JsonSerializer.Deserialize<JsonBag>("""{"Extra": {"a": ["https://example.com/",], "b": 1,}}""", TrailingCommas)!;
        var commented = JsonSerializer.Deserialize<JsonBag>("""{"Extra": {"a": ["x", /* 一 */], "b": 1, /* 二 */}}""", TrailingCommasSkippingComments)!;

        Assert.Equal(
            [("Extra.a", "a"), ("Extra.a[0]", "https://example.com/"), ("Extra.b", "b")],
            CollectEverything(linkOnly, out _).Select(v => (v.Key, v.Text)));
        Assert.Equal(
            [("Extra.a", "a"), ("Extra.a[0]", "x"), ("Extra.b", "b"), ("Extra.a", " 一 "), ("Extra", " 二 ")],
            CollectEverything(commented, out _).Select(v => (v.Key, v.Text)));
    }

    [Fact]
    public void JsonNestingDeeperThanTheLimit_IsRefusedAs400()
    {
        var json = new string('[', ValueCollector.MaxDepth + 1) + "\"deep\"" + new string(']', ValueCollector.MaxDepth + 1);
        var bag = new JsonBag { Extra = JsonSerializer.Deserialize<object>(json) };

        var error = Assert.Throws<WeChatInvalidContentException>(() => CollectEverything(bag, out _));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, error.Reason);
    }

    // Tuples live in System, so they were taken for opaque framework types and the strings in them reached the action.
    [Fact]
    public void Tuples_AreWalkedForTheirItems_KeyedAsSystemTextJsonNamesThem()
    {
        var tuples = new Tuples
        {
            Reference = Tuple.Create("one", 1, "two"),
            Value = ("three", "four"),
            Nine = ("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9"),
            Listed = [("five", 5)],
            Numbers = (1, DateTime.UnixEpoch),
        };

        var values = CollectEverything(tuples, out _);

        Assert.Equal(["one", "two", "three", "four", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "five"], values.Select(v => v.Text));
        Assert.Equal(
            ["Reference.Item1", "Reference.Item3", "Value.Item1", "Value.Item2", "Nine.Item1", "Nine.Item2", "Nine.Item3", "Nine.Item4",
                "Nine.Item5", "Nine.Item6", "Nine.Item7", "Nine.Rest.Item1", "Nine.Rest.Item2", "Listed[0].Item1"],
            values.Select(v => v.Key));
        Assert.False(ValueShapes.MayContain(typeof((int, DateTime)), WeChatCheckKind.Text));
        Assert.True(ValueShapes.MayContain(typeof((int, string)?), WeChatCheckKind.Text));
    }

    // A link is the client's text as much as a string (an app shows it): it was taken for an opaque System type and
    // reached the action unchecked, in a property, a list, a dictionary (as a value or a key) or an object alike.
    [Fact]
    public void Links_AreCheckedLikeStrings_KeyedLikeStrings()
    {
        var linked = new Linked
        {
            Homepage = new Uri("https://example.com/主页"),
            Mirrors = [new Uri("/镜像", UriKind.Relative), new Uri("https://example.com/%E4%BD%A0")],
            ByName = new Dictionary<string, Uri> { ["名"] = new Uri("https://example.com/值") },
            Clicks = new Dictionary<Uri, int> { [new Uri("https://example.com/键")] = 1 },
            Anything = new Uri("https://example.com/任何"),
        };

        var values = CollectEverything(linked, out _);

        Assert.Equal(
            ["https://example.com/主页", "/镜像", "https://example.com/你", "名", "https://example.com/值", "https://example.com/键", "https://example.com/任何"],
            values.Select(v => v.Text));
        Assert.Equal(
            ["Homepage", "Mirrors[0]", "Mirrors[1]", "ByName[名]", "ByName[名]", "Clicks[https://example.com/键]", "Anything"],
            values.Select(v => v.Key));
    }

    // An app shows a link through Uri.ToString(), which decodes its escapes: WeChat must see the letters they spell, and
    // the same link gives the same text every time.
    [Fact]
    public void AnEscapedLink_IsCheckedAsItIsShown()
    {
        var link = new Uri("https://example.com/%E4%BD%A0?q=%E5%A5%BD");

        var values = CollectEverything(new Linked { Homepage = link }, out _);

        Assert.Equal("https://example.com/你?q=好", link.ToString());
        Assert.Equal(["https://example.com/你?q=好"], values.Select(v => v.Text));
        Assert.Equal(values.Select(v => v.Text), CollectEverything(new Linked { Homepage = new Uri(link.OriginalString) }, out _).Select(v => v.Text));
    }

    // A browser shows a punycode host in the letters it encodes: a word spelled there must reach WeChat as those letters,
    // not as the xn-- form, in which WeChat finds nothing. Punycode no browser could show as letters passes as written.
    [Theory]
    [InlineData("https://xn--fiqs8s.com/a", "https://xn--fiqs8s.com/a 中国.com")]
    [InlineData("https://www.xn--fiqs8s.com/%E4%BD%A0", "https://www.xn--fiqs8s.com/你 www.中国.com")]
    [InlineData("https://中国.com/a", "https://中国.com/a")]
    [InlineData("https://example.com/xn--fiqs8s", "https://example.com/xn--fiqs8s")]
    [InlineData("https://xn--a.com/", "https://xn--a.com/")]
    [InlineData("https://xn--fiqs8s.xn--zz-.com/", "https://xn--fiqs8s.xn--zz-.com/")]
    public void APunycodeHost_IsCheckedInTheLettersItEncodes(string link, string expected)
    {
        var values = CollectEverything(new Linked { Homepage = new Uri(link) }, out _);

        Assert.Equal([expected], values.Select(v => v.Text));
        Assert.Equal(values.Select(v => v.Text), CollectEverything(new Linked { Homepage = new Uri(link) }, out _).Select(v => v.Text));
    }

    [Fact]
    public void LinkTypes_HoldTextButNoFiles()
    {
        Assert.True(ValueShapes.MayContain(typeof(Uri), WeChatCheckKind.Text));
        Assert.True(ValueShapes.MayContain(typeof(List<Uri>), WeChatCheckKind.Text));
        Assert.True(ValueShapes.HasTextKeys(typeof(Dictionary<Uri, int>)));
        Assert.False(ValueShapes.MayContain(typeof(Uri), WeChatCheckKind.Image));
    }

    private static readonly JsonSerializerOptions SkippingComments = new() { ReadCommentHandling = JsonCommentHandling.Skip };

    private static readonly JsonSerializerOptions TrailingCommas = new() { AllowTrailingCommas = true };

    private static readonly JsonSerializerOptions TrailingCommasSkippingComments = new(TrailingCommas) { ReadCommentHandling = JsonCommentHandling.Skip };

    private static List<CollectedValue> CollectEverything(object value, out CheckTarget target)
    {
        var check = new MsgSecCheckAttribute();
        var parameter = new CheckParameter("value", "value", value.GetType(), 0, string.Empty);
        target = new CheckTarget(check, parameter, []);
        var values = new List<CollectedValue>();
        ValueCollector.ByPropertyName.Collect(target, value, string.Empty, values);
        return values;
    }

    public sealed class Node
    {
        public string? Text { get; set; }

        public Node? Next { get; set; }

        public List<Node> Children { get; } = [];
    }

    public sealed class JsonBag
    {
        public object? Extra { get; set; }

        public JsonNode? Tree { get; set; }

        public JsonElement? Element { get; set; }

        public Dictionary<string, object?>? Bag { get; set; }
    }

    public sealed class Spanned
    {
        public string? Text { get; set; }

        public ReadOnlySpan<char> Letters => Text.AsSpan();
    }

    public sealed class OwnKeys
    {
        public Dictionary<Slug, int>? Slugs { get; set; }

        public Dictionary<object, int>? Anything { get; set; }
    }

    public sealed record Slug(string Text)
    {
        public override string ToString() => Text;
    }

    public sealed class OwnDictionaries
    {
        public ExpandoObject? Expando { get; set; }

        public PlainReadOnlyDictionary<int>? Counts { get; set; }

        public PlainReadOnlyDictionary<Node>? Nodes { get; set; }
    }

    // An IReadOnlyDictionary and nothing more: no IDictionary to enumerate its entries by.
    public sealed class PlainReadOnlyDictionary<TValue> : IReadOnlyDictionary<string, TValue>
    {
        private readonly Dictionary<string, TValue> entries = [];

        public int Count => entries.Count;

        public IEnumerable<string> Keys => entries.Keys;

        public IEnumerable<TValue> Values => entries.Values;

        public TValue this[string key]
        {
            get => entries[key];
            set => entries[key] = value;
        }

        public bool ContainsKey(string key) => entries.ContainsKey(key);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) => entries.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => entries.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public sealed class Keyed
    {
        public Dictionary<string, int>? Votes { get; set; }

        public IReadOnlyDictionary<string, double>? Scores { get; set; }

        public List<Dictionary<string, int>>? Nested { get; set; }

        public Dictionary<Guid, int>? ById { get; set; }

        public Dictionary<int, string>? Titles { get; set; }

        public Dictionary<DayOfWeek, string>? ByDay { get; set; }
    }

    public sealed class Tuples
    {
        public Tuple<string, int, string>? Reference { get; set; }

        public (string, string) Value { get; set; }

        public (string, string, string, string, string, string, string, string, string)? Nine { get; set; }

        public List<(string, int)>? Listed { get; set; }

        public (int, DateTime) Numbers { get; set; }
    }

    public sealed class Linked
    {
        public Uri? Homepage { get; set; }

        public List<Uri>? Mirrors { get; set; }

        public Dictionary<string, Uri>? ByName { get; set; }

        public Dictionary<Uri, int>? Clicks { get; set; }

        public object? Anything { get; set; }
    }

    public sealed class Holder
    {
        private int _count;

        public int CountReads { get; private set; }

        public Dictionary<string, string>? Meta { get; set; }

        public List<KeyValuePair<string, string>>? Pairs { get; set; }

        public int Count
        {
            get
            {
                CountReads++;
                return _count;
            }

            set => _count = value;
        }
    }
}
