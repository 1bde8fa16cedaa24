namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// The field names a check could use on a handler, for the message about a name that matches nothing: parameters that
/// hold the checked kind themselves, and the property paths inside the others down to the values checked.
/// </summary>
internal static class FieldPaths
{
    private const int MaxDepth = 4;
    private const int MaxPaths = 40;

    public static List<string> For(IReadOnlyList<CheckParameter> parameters, WeChatCheckKind kind)
    {
        var paths = new List<string>();
        foreach (var parameter in parameters)
        {
            if (HoldsDirectly(parameter.Type, kind))
            {
                Add(paths, parameter.Name);
            }
            else if (ValueShapes.MayContain(parameter.Type, kind))
            {
                Walk(parameter.Type, prefix: null, kind, [], paths);
            }
        }

        return paths;
    }

    private static void Walk(Type type, string? prefix, WeChatCheckKind kind, HashSet<Type> onPath, List<string> paths)
    {
        var container = Unwrap(type).Leaf;
        if (onPath.Count >= MaxDepth || !onPath.Add(container) || ValueShapes.IsOpaque(container) || container == typeof(object))
        {
            return;
        }

        foreach (var property in CheckTargetResolver.GetReadableProperties(container))
        {
            var path = prefix is null ? property.Name : $"{prefix}.{property.Name}";
            if (HoldsDirectly(property.PropertyType, kind))
            {
                Add(paths, path);
            }
            else if (ValueShapes.MayContain(property.PropertyType, kind))
            {
                Walk(property.PropertyType, path, kind, onPath, paths);
            }
        }

        onPath.Remove(container);
    }

    // A string, a link, a file, or a collection of them: the values a check reads, as opposed to an object it walks into. A
    // dictionary with string keys (at any level of the collection) and JSON kept as it came hold text whatever their
    // values are; a ValueTuple's items are fields, which a path does not name.
    private static bool HoldsDirectly(Type type, WeChatCheckKind kind)
    {
        var (leaf, textKeys) = Unwrap(type);
        return kind == WeChatCheckKind.Text
            ? ValueShapes.IsText(leaf) || ValueShapes.IsJson(leaf) || textKeys || (leaf.IsValueType && ValueShapes.IsTuple(leaf) && ValueShapes.MayContain(leaf, kind))
            : ValueShapes.IsFile(leaf);
    }

    // The element type under every level of collection, and whether a dictionary on the way has string keys.
    private static (Type Leaf, bool TextKeys) Unwrap(Type type)
    {
        var textKeys = false;
        for (var nesting = 0; nesting < 8 && ValueShapes.GetElementType(type) is { } element; nesting++)
        {
            textKeys |= ValueShapes.HasTextKeys(type);
            type = element;
        }

        return (type, textKeys);
    }

    private static void Add(List<string> paths, string path)
    {
        if (paths.Count < MaxPaths && !paths.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            paths.Add(path);
        }
    }
}
