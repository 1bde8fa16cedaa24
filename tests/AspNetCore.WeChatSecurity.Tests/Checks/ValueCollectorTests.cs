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

    [Fact]
    public void DictionaryValues_AreKeyedByTheirKeys()
    {
        var holder = new Holder { Meta = new Dictionary<string, string> { ["a"] = "one", ["b"] = "two" } };

        var values = CollectEverything(holder, out _);

        Assert.Equal(["Meta[a]", "Meta[b]"], values.Select(v => v.Key));
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

        Assert.Equal(["one", "two", "three", "four"], values.Select(v => v.Text));
        Assert.Equal(["Extra.a.b[0]", "Tree.c[0]", "Element", "Bag[e]"], values.Select(v => v.Key));
    }

    [Fact]
    public void JsonNestingDeeperThanTheLimit_IsRefusedAs400()
    {
        var json = new string('[', ValueCollector.MaxDepth + 1) + "\"deep\"" + new string(']', ValueCollector.MaxDepth + 1);
        var bag = new JsonBag { Extra = JsonSerializer.Deserialize<object>(json) };

        var error = Assert.Throws<WeChatInvalidContentException>(() => CollectEverything(bag, out _));

        Assert.Equal(WeChatInvalidContentReason.Unreadable, error.Reason);
    }

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
