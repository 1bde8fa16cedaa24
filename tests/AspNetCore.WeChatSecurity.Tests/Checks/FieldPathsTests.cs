using System.Text.Json;
using AspNetCore.WeChatSecurity.Checks;
using Newtonsoft.Json.Linq;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>The fields a start-up message offers for a field name that matches nothing.</summary>
public sealed class FieldPathsTests
{
    // Each of these holds text a check reads (keys, JSON, tuple items, links), so each is a field the message should offer.
    [Fact]
    public void FieldsHoldingTextInKeysJsonTuplesOrLinks_AreOffered()
    {
        var parameters = new List<CheckParameter> { new("post", "post", typeof(Shapes), 0, string.Empty) };

        var fields = FieldPaths.For(parameters, WeChatCheckKind.Text);

        Assert.Equal(["Votes", "Ballots", "Element", "Token", "Reference.Item1", "Value", "Homepage", "Mirrors"], fields);
    }

    public sealed class Shapes
    {
        public Dictionary<string, int>? Votes { get; set; }

        public Dictionary<Guid, int>? ById { get; set; }

        // Keys below a list, or below a dictionary whose own keys are not text, are text all the same.
        public List<Dictionary<string, int>>? Ballots { get; set; }

        public Dictionary<Guid, Dictionary<Guid, int>>? Tallies { get; set; }

        public JsonElement Element { get; set; }

        public JObject? Token { get; set; }

        public Tuple<string, int>? Reference { get; set; }

        public (int, string) Value { get; set; }

        public (int, DateTime) Numbers { get; set; }

        // A link is text like a string, alone or in a list.
        public Uri? Homepage { get; set; }

        public List<Uri>? Mirrors { get; set; }
    }
}
