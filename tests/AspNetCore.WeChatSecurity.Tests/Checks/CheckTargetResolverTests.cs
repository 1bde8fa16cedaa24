using AspNetCore.WeChatSecurity.Checks;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

public sealed class CheckTargetResolverTests
{
    [Fact]
    public void CapitalisedName_OfAPropertyInsideAParameterOfThatName_NamesTheProperty()
    {
        CheckParameter[] parameters = [Parameter("comment", typeof(NewComment))];

        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("Comment"), parameters, CheckTargetResolver.PropertyNames));

        Assert.Equal("comment", target.Parameter.Name);
        Assert.Equal(["Comment"], target.Path.Select(s => s.Property.Name));
    }

    [Fact]
    public void ParametersOwnName_NamesTheWholeArgument()
    {
        CheckParameter[] parameters = [Parameter("comment", typeof(NewComment))];

        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("comment"), parameters, CheckTargetResolver.PropertyNames));

        Assert.Equal("comment", target.Parameter.Name);
        Assert.Empty(target.Path);
    }

    [Fact]
    public void CaseStillDoesNotMatter_WhenOnlyOneReadingExists()
    {
        CheckParameter[] strings = [Parameter("comment", typeof(string))];
        CheckParameter[] objects = [Parameter("input", typeof(NewComment))];

        var parameter = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("Comment"), strings, CheckTargetResolver.PropertyNames));
        var property = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("COMMENT"), objects, CheckTargetResolver.PropertyNames));

        Assert.Empty(parameter.Path);
        Assert.Equal(["Comment"], property.Path.Select(s => s.Property.Name));
    }

    [Fact]
    public void ExactParameterName_WinsOverAPropertyOfTheSameName()
    {
        CheckParameter[] parameters = [Parameter("author", typeof(string), 0), Parameter("comment", typeof(NewComment), 1)];

        var target = Assert.Single(CheckTargetResolver.Resolve(new MsgSecCheckAttribute("author"), parameters, CheckTargetResolver.PropertyNames));

        Assert.Equal("author", target.Parameter.Name);
        Assert.Empty(target.Path);
    }

    private static CheckParameter Parameter(string name, Type type, int index = 0) => new(name, name, type, index, string.Empty);

    public sealed class NewComment
    {
        public string? ArticleId { get; set; }

        public string? Author { get; set; }

        public string? Comment { get; set; }
    }
}
