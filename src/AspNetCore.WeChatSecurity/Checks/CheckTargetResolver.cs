using System.Globalization;
using System.Reflection;
using System.Text;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Naming;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Resolves an attribute's field name against a handler's parameters, once, when the action or endpoint is built: a
/// parameter name (then an optional property path inside it) or a property path inside a bound argument. Names are
/// matched case-insensitively, but a reading that matches the case exactly wins.
/// </summary>
internal static class CheckTargetResolver
{
    /// <summary>Names a property in error keys: the container type and the property give the key segment.</summary>
    public delegate string KeyNamer(Type containerType, PropertyInfo property);

    /// <summary>Uses the C# property names.</summary>
    public static readonly KeyNamer PropertyNames = static (_, property) => property.Name;

    /// <summary>The targets of <paramref name="check"/>; empty when its field matches nothing that can hold what it checks.</summary>
    public static List<CheckTarget> Resolve(IWeChatCheckMetadata check, IReadOnlyList<CheckParameter> parameters, KeyNamer namer)
    {
        var targets = new List<CheckTarget>();
        if (check.Field is null)
        {
            foreach (var parameter in parameters)
            {
                if (ValueShapes.MayContain(parameter.Type, check.Kind))
                {
                    targets.Add(new CheckTarget(check, parameter, []));
                }
            }

            return targets;
        }

        // Exact case first: in Post(NewComment comment), "comment" names the argument and "Comment" its property, as
        // C# names them; taken case-insensitively, "Comment" would check every string of the argument.
        var segments = check.Field.Split('.');
        foreach (var comparison in (ReadOnlySpan<StringComparison>)[StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase])
        {
            foreach (var parameter in parameters)
            {
                if (!MatchesName(parameter, segments[0], comparison))
                {
                    continue;
                }

                var steps = new List<PathStep>();
                if (TryResolvePath(parameter.Type, segments, 1, namer, comparison, steps, out var leaf) && ValueShapes.MayContain(leaf, check.Kind))
                {
                    targets.Add(new CheckTarget(check, parameter, [.. steps]));
                }
            }

            if (targets.Count > 0)
            {
                return targets;
            }

            foreach (var parameter in parameters)
            {
                var steps = new List<PathStep>();
                if (TryResolvePath(parameter.Type, segments, 0, namer, comparison, steps, out var leaf) && ValueShapes.MayContain(leaf, check.Kind))
                {
                    targets.Add(new CheckTarget(check, parameter, [.. steps]));
                }
            }

            if (targets.Count > 0)
            {
                return targets;
            }
        }

        return targets;
    }

    /// <summary>
    /// The check as it was written, for messages: <c>[MsgSecCheck("Comment")]</c>, or in the minimal-API form
    /// <c>.WithMsgSecCheck("Title", WeChatScene.Forum)</c> when <paramref name="endpointConvention"/> is set.
    /// </summary>
    public static string Describe(IWeChatCheckMetadata check, bool endpointConvention = false)
    {
        if (check is MediaCheckField media)
        {
            return media.Describe(endpointConvention);
        }

        var text = check.Kind == WeChatCheckKind.Text;
        var field = check.Field is null ? null : $"\"{check.Field}\"";
        if (endpointConvention)
        {
            var arguments = (field, check.Scene) switch
            {
                (null, null) => string.Empty,
                (null, { } scene) => $"scene: WeChatScene.{scene}",
                (_, null) => field,
                (_, { } scene) => $"{field}, WeChatScene.{scene}",
            };
            return text ? $".WithMsgSecCheck({arguments})" : $".WithImgSecCheck({arguments})";
        }

        var name = text ? "MsgSecCheck" : "ImgSecCheck";
        var attributeArguments = (field, check.Scene) switch
        {
            (null, null) => null,
            (null, { } scene) => $"Scene = WeChatScene.{scene}",
            (_, null) => field,
            (_, { } scene) => $"{field}, Scene = WeChatScene.{scene}",
        };
        return attributeArguments is null ? $"[{name}]" : $"[{name}({attributeArguments})]";
    }

    /// <summary>
    /// Explains why <paramref name="check"/>, without a field name, would leave a bound parameter unchecked: one that
    /// carries the request's text or files without holding them as values (an <c>IFormCollection</c>, a
    /// <c>Stream</c>, a <c>PipeReader</c>), or XML (an <c>XNode</c>, an <c>XmlNode</c>), which the checks do not walk.
    /// Null when there is none. JSON kept as it came is not such a parameter:
    /// it is walked for its strings like any bound value. A field name that names such a parameter already matches
    /// nothing; without one, the check would pass the content over in silence.
    /// </summary>
    public static string? DescribeUnread(IWeChatCheckMetadata check, string owner, IReadOnlyList<CheckParameter> parameters, bool endpointConvention = false)
    {
        if (check.Field is not null)
        {
            return null;
        }

        var unread = parameters.Where(parameter => CarriesUnread(parameter.Type)).ToList();
        return unread.Count == 0
            ? null
            : $"{Describe(check, endpointConvention)} on {owner} cannot check {string.Join(", ", unread.Select(p => $"{p.Name} ({p.Type.Name})"))}: "
                + "the checks read the strings and files of bound values (JSON kept as it came included), not a form read as an IFormCollection, "
                + "a body read as a Stream or PipeReader, which the handler reads itself, or XML (XElement, XmlDocument), which they do not walk. "
                + "Bind a class with string (or IFormFile) properties instead, or, if the parameter must not be checked, put "
                + "[SkipWeChatSecurityCheck] on the action or leave the check off the endpoint.";
    }

    private static bool CarriesUnread(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return typeof(Microsoft.AspNetCore.Http.IFormCollection).IsAssignableFrom(type)
            || typeof(Stream).IsAssignableFrom(type)
            || type == typeof(System.IO.Pipelines.PipeReader)
            || typeof(System.Xml.XmlNode).IsAssignableFrom(type)
            || typeof(System.Xml.Linq.XNode).IsAssignableFrom(type);
    }

    /// <summary>
    /// Explains a field that matches nothing, naming the action or endpoint, the fields it could have named and the
    /// closest of them.
    /// </summary>
    public static string DescribeUnmatched(IWeChatCheckMetadata check, string owner, IReadOnlyList<CheckParameter>? parameters, bool endpointConvention = false)
    {
        var holds = check.Kind == WeChatCheckKind.Text ? "text (string, strings or an object holding them)" : "files (IFormFile, IFormFileCollection, a list of files or an object holding them)";
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{Describe(check, endpointConvention)} on {owner} {(check.Field is null ? "finds no parameter" : "names no parameter or property path")} that can hold {holds}. ");
        if (parameters is { Count: 0 })
        {
            message.Append("It has no bound parameters. ");
        }
        else if (parameters is not null)
        {
            var fields = FieldPaths.For(parameters, check.Kind);
            if (check.Field is not null && ClosestName.Find(check.Field, fields) is { } closest)
            {
                message.Append(CultureInfo.InvariantCulture, $"Did you mean \"{closest}\"? ");
            }

            if (fields.Count > 0)
            {
                message.Append("Fields it can name: ");
                message.AppendJoin(", ", fields);
                message.Append(". ");
            }

            message.Append("Bound parameters: ");
            message.AppendJoin(", ", parameters.Select(p => $"{p.Name} ({p.Type.Name})"));
            message.Append(". ");
        }

        message.Append("A field name matches a parameter name or a property path such as 'Post.Title', case-insensitively.");
        return message.ToString();
    }

    private static bool MatchesName(CheckParameter parameter, string segment, StringComparison comparison) =>
        string.Equals(parameter.Name, segment, comparison)
        || string.Equals(parameter.BoundName, segment, comparison);

    private static bool TryResolvePath(Type root, string[] segments, int start, KeyNamer namer, StringComparison comparison, List<PathStep> steps, out Type leaf)
    {
        leaf = root;
        for (var i = start; i < segments.Length; i++)
        {
            var container = UnwrapSequences(leaf);
            var property = FindProperty(container, segments[i], namer, comparison);
            if (property is null)
            {
                return false;
            }

            steps.Add(new PathStep(property, namer(container, property)));
            leaf = property.PropertyType;
        }

        return true;
    }

    private static Type UnwrapSequences(Type type)
    {
        for (var nesting = 0; nesting < 8 && ValueShapes.GetElementType(type) is { } element; nesting++)
        {
            type = element;
        }

        return type;
    }

    private static PropertyInfo? FindProperty(Type container, string segment, KeyNamer namer, StringComparison comparison)
    {
        // JSON kept as it came has no properties of the request's, only those of its own API (a JObject's Count).
        if (container == typeof(string) || container == typeof(object) || ValueShapes.IsOpaque(container) || ValueShapes.IsJson(container))
        {
            return null;
        }

        foreach (var property in GetReadableProperties(container))
        {
            if (string.Equals(property.Name, segment, comparison)
                || string.Equals(namer(container, property), segment, comparison))
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>Public instance properties with a public getter and no index parameters.</summary>
    public static IEnumerable<PropertyInfo> GetReadableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);
}
