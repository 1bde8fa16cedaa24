using AspNetCore.WeChatSecurity.MediaCheck;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// A controller's or route group's named check, matched across the actions or endpoints it applies to: each of them
/// passes over the check where it finds nothing, so only all of them together can tell a typo from a field that some of
/// them lack. MVC and minimal APIs refuse the start through this one rule.
/// </summary>
internal sealed class CheckReach(IWeChatCheckMetadata check, CheckTargetResolver.KeyNamer namer)
{
    // What the actions or endpoints it applies to bind, named in the message as what the check could have named.
    private readonly List<CheckParameter> _bound = [];
    private bool _reached;
    private bool _matched;
    private bool _bindsFiles;

    /// <summary>Counts an action or endpoint the check applies to, with the parameters it binds.</summary>
    public void Add(IReadOnlyList<CheckParameter> parameters)
    {
        _reached = true;
        _bound.AddRange(parameters);
        _matched |= CheckTargetResolver.Resolve(check, parameters, namer).Count > 0;
        _bindsFiles |= FieldPaths.For(parameters, WeChatCheckKind.Image).Count > 0;
    }

    /// <summary>
    /// The message for a check that matches none of the actions or endpoints it applies to, naming the parameters they
    /// bind as those it could have named; null when it matches one, applies to none, or is a media
    /// field while none of them binds a file (they read the form themselves: there is no name to compare with).
    /// </summary>
    public string? DescribeUnmatched(string owner, bool endpointConvention)
    {
        if (!_reached || _matched || (check is MediaCheckField && !_bindsFiles))
        {
            return null;
        }

        var distinct = _bound.DistinctBy(parameter => (parameter.Name, parameter.Type)).ToList();
        return CheckTargetResolver.DescribeUnmatched(check, owner, distinct, endpointConvention);
    }
}
