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
    public void NonTextProperties_AreNeverRead()
    {
        var holder = new Holder { Meta = [] };

        var values = CollectEverything(holder, out _);

        Assert.Empty(values);
        Assert.Equal(0, holder.CountReads);
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

    public sealed class Holder
    {
        private int _count;

        public int CountReads { get; private set; }

        public Dictionary<string, string>? Meta { get; set; }

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
