namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>One attribute resolved against one parameter: where its values are found.</summary>
/// <param name="Check">The attribute.</param>
/// <param name="Parameter">The parameter holding the values.</param>
/// <param name="Path">The properties from the parameter's value to the field; empty for the value itself.</param>
internal sealed record CheckTarget(IWeChatCheckMetadata Check, CheckParameter Parameter, PathStep[] Path)
{
    private readonly string _unprefixedKey = KeyOf(string.Empty, Path);

    /// <summary>The attribute's scene, read once: null lets the service apply the default scene.</summary>
    public WeChatScene? Scene { get; } = Check.Scene;

    /// <summary>
    /// The error key of a <see cref="ReadsOneText"/> target's value when the parameter's prefix is known when the plan is
    /// made (<see cref="CheckParameter.KeyPrefix"/>); null when only the request tells.
    /// </summary>
    public string? PlannedKey { get; } = Parameter.KeyPrefix is { } prefix ? KeyOf(prefix, Path) : null;

    /// <summary>
    /// The key an error about the target's field gets, as model validation names it, known when the plan is made: the
    /// form field of a file parameter, the property path of a file inside a bound object. Used for uploads, which are
    /// answered before binding tells the prefix.
    /// </summary>
    public string FieldKey => (PlannedKey ?? _unprefixedKey) is { Length: > 0 } key ? key : Parameter.BoundName;

    /// <summary>
    /// True when the target is one string (or one link, read as <see cref="UriText"/> reads it) reached through single
    /// objects (<c>[MsgSecCheck("Comment")]</c> on a body, <c>Post.Title</c>, a string parameter, a <c>Uri</c>
    /// property): <see cref="OneTextTarget.ReadText"/> then finds exactly what <see cref="ValueCollector"/> would, without
    /// walking.
    /// </summary>
    public bool ReadsOneText { get; } = IsOneText(Check, Parameter, Path);

    /// <summary>The error key of a <see cref="ReadsOneText"/> target's value under <paramref name="prefix"/>.</summary>
    public string KeyUnder(string prefix) =>
        prefix == Parameter.KeyPrefix ? PlannedKey! : prefix.Length == 0 ? _unprefixedKey : KeyOf(prefix, Path);

    private static string KeyOf(string prefix, PathStep[] path)
    {
        var key = prefix;
        foreach (var step in path)
        {
            key = KeyNames.Property(key, step.KeyName);
        }

        return key;
    }

    // The collector walks into a value whose runtime type is a collection not of the step's declaring type; declared
    // types that are each the next step's declaring type (or derive from it) leave no collection on the way.
    private static bool IsOneText(IWeChatCheckMetadata check, CheckParameter parameter, PathStep[] path)
    {
        if (check.Kind != WeChatCheckKind.Text || path.Length >= ValueCollector.MaxDepth)
        {
            return false;
        }

        var type = parameter.Type;
        foreach (var step in path)
        {
            if (!step.Property.DeclaringType!.IsAssignableFrom(type))
            {
                return false;
            }

            type = step.Property.PropertyType;
        }

        return ValueShapes.IsText(type);
    }
}
