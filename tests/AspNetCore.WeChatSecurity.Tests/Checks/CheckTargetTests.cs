using AspNetCore.WeChatSecurity.Checks;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>A target that reads one string finds exactly what the collector's walk finds, under the same key.</summary>
public sealed class CheckTargetTests
{
    public static TheoryData<string, object?, string> OneTextShapes => new()
    {
        { "Comment", new Post { Comment = "hello" }, string.Empty },
        { "Comment", new Post { Comment = "hello" }, "post" },
        { "Comment", new Post { Comment = null }, string.Empty },
        { "Reply.Comment", new Post { Reply = new Post { Comment = "nested" } }, string.Empty },
        { "Reply.Comment", new Post { Reply = null }, "post" },
        { "Point.Label", new Post { Point = new Point { Label = "in a struct" } }, string.Empty },
        { "Derived.Comment", new Post { Derived = new DerivedPost { Comment = "declared on the base" } }, string.Empty },
        { "Guarded.Label", new Post { Guarded = new Guarded { Label = "behind an == operator" } }, string.Empty },
        { "Guarded.Label", new Post { Guarded = null }, string.Empty },
        { "Derived.Reply.Point.Label", new Post { Derived = new DerivedPost { Reply = new Post { Point = new Point { Label = "deep" } } } }, "post" },
        { "MaybePoint.Value.Label", new Post { MaybePoint = new Point { Label = "in a nullable struct" } }, string.Empty },
        { "MaybePoint.Value.Label", new Post { MaybePoint = null }, "post" },
        { "Labelled.Label", new Post { Labelled = new Point { Label = "through an interface" } }, string.Empty },
        { "Labelled.Label", new Post { Labelled = null }, string.Empty },
        { "Reply.Headline", new Post { Reply = new DerivedPost() }, string.Empty },
        { "Derived.Headline", new Post { Derived = new DerivedPost() }, string.Empty },
        { "Homepage", new Post { Homepage = new Uri("https://example.com/主页") }, string.Empty },
        { "Homepage", new Post { Homepage = new Uri("https://example.com/%E4%BD%A0") }, "post" },
        { "Homepage", new Post { Homepage = null }, string.Empty },
        { "Reply.Homepage", new Post { Reply = new Post { Homepage = new Uri("/相对", UriKind.Relative) } }, string.Empty },
        { "Reply.Homepage", new Post { Reply = null }, string.Empty },
    };

    [Theory]
    [MemberData(nameof(OneTextShapes))]
    public void OneTextTarget_ReadsWhatTheCollectorCollects(string field, object? argument, string prefix)
    {
        var parameter = new CheckParameter("post", "post", typeof(Post), 0, null);
        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute(field), [parameter], CheckTargetResolver.PropertyNames));
        var collected = new List<CollectedValue>();
        ValueCollector.ByPropertyName.Collect(target, argument, prefix, collected);

        var text = argument is null ? null : new OneTextTarget(target).ReadText(argument);

        Assert.True(target.ReadsOneText);
        Assert.Equal(collected.Select(v => (v.Key, v.Text)), text is null ? [] : [(target.KeyUnder(prefix), text)]);
    }

    [Theory]
    [InlineData("Tags")]
    [InlineData("Replies")]
    [InlineData(null)]
    public void CollectionsAndWholeObjects_AreWalked_NotReadAsOneText(string? field)
    {
        var parameter = new CheckParameter("post", "post", typeof(Post), 0, string.Empty);
        var check = field is null ? new MsgSecCheckAttribute() : new MsgSecCheckAttribute(field);

        var targets = CheckTargetResolver.Resolve(check, [parameter], CheckTargetResolver.PropertyNames);

        Assert.NotEmpty(targets);
        Assert.All(targets, target => Assert.False(target.ReadsOneText));
    }

    // A link bound as a parameter (a minimal API's query) is one text, named or covered by a check without a field name,
    // and read as the collector reads it.
    [Theory]
    [InlineData("link")]
    [InlineData(null)]
    public void AUriParameter_IsReadAsOneText(string? field)
    {
        var parameter = new CheckParameter("link", "link", typeof(Uri), 0, "link");
        var check = field is null ? new MsgSecCheckAttribute() : new MsgSecCheckAttribute(field);
        var link = new Uri("https://example.com/%E4%BD%A0");
        var target = Assert.Single(CheckTargetResolver.Resolve(check, [parameter], CheckTargetResolver.PropertyNames));
        var collected = new List<CollectedValue>();
        ValueCollector.ByPropertyName.Collect(target, link, "link", collected);

        var text = new OneTextTarget(target).ReadText(link);

        Assert.True(target.ReadsOneText);
        Assert.Equal("https://example.com/你", text);
        Assert.Equal([("link", text)], collected.Select(v => (v.Key, v.Text)));
    }

    [Fact]
    public void PlannedPrefix_GivesTheKeyModelValidationGives()
    {
        var parameter = new CheckParameter("post", "post", typeof(Post), 0, "body");
        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("Reply.Comment"), [parameter], CheckTargetResolver.PropertyNames));

        Assert.Equal("body.Reply.Comment", target.KeyUnder("body"));
        Assert.Equal("Reply.Comment", target.KeyUnder(string.Empty));
        Assert.Equal("other.Reply.Comment", target.KeyUnder("other"));
    }

    public class Post
    {
        public string? Comment { get; set; }

        public Post? Reply { get; set; }

        public Point Point { get; set; }

        public DerivedPost? Derived { get; set; }

        public Guarded? Guarded { get; set; }

        public Point? MaybePoint { get; set; }

        public ILabelled? Labelled { get; set; }

        public virtual string? Headline => "declared";

        public Uri? Homepage { get; set; }

        public List<string> Tags { get; set; } = ["a"];

        public List<Post> Replies { get; set; } = [];
    }

    public sealed class DerivedPost : Post
    {
        public override string? Headline => "overridden";
    }

    public interface ILabelled
    {
        string? Label { get; }
    }

    // The compiled reader stops at a null by reference, never asking a type's own == operator.
#pragma warning disable CS0660, CS0661 // Equals and GetHashCode are not what the test is about.
    public sealed class Guarded
    {
        public string? Label { get; set; }

        public static bool operator ==(Guarded? left, Guarded? right) => throw new InvalidOperationException("== was asked.");

        public static bool operator !=(Guarded? left, Guarded? right) => throw new InvalidOperationException("!= was asked.");
    }
#pragma warning restore CS0660, CS0661

    public struct Point : ILabelled
    {
        public string? Label { get; set; }
    }
}
