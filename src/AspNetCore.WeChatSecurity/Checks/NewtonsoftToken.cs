using System.Collections;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// How to read one Newtonsoft.Json token type (<c>JValue</c>, <c>JProperty</c>, <c>JObject</c>, <c>JArray</c>,
/// <c>JConstructor</c>), what an app with <c>AddNewtonsoftJson()</c> binds for an <c>object</c> or <c>JObject</c>. The
/// library does not reference Newtonsoft.Json: the types are recognised by name and read through delegates compiled once
/// per type, so that no reflection runs per request.
/// </summary>
internal sealed class NewtonsoftToken
{
    private const string Namespace = "Newtonsoft.Json.Linq.";

    private NewtonsoftToken(
        Func<object, string?>? readString,
        Func<object, string>? readName,
        Func<object, object?>? readValue,
        Func<object, IEnumerable>? readChildren,
        bool indexed)
    {
        ReadString = readString;
        ReadName = readName;
        ReadValue = readValue;
        ReadChildren = readChildren;
        Indexed = indexed;
    }

    /// <summary>
    /// A <c>JValue</c>'s string or a comment's text, null for another value (a number, a date, a raw token); a
    /// <c>JConstructor</c>'s name.
    /// </summary>
    public Func<object, string?>? ReadString { get; }

    /// <summary>A <c>JProperty</c>'s name.</summary>
    public Func<object, string>? ReadName { get; }

    /// <summary>A <c>JProperty</c>'s value.</summary>
    public Func<object, object?>? ReadValue { get; }

    /// <summary>A container's children: the properties of a <c>JObject</c>, the items of a <c>JArray</c>.</summary>
    public Func<object, IEnumerable>? ReadChildren { get; }

    /// <summary>True when the children are keyed by position (<c>tags[1]</c>), false when they are properties that name themselves.</summary>
    public bool Indexed { get; }

    /// <summary>True for Newtonsoft.Json's <c>JToken</c> and the types derived from it.</summary>
    public static bool IsToken(Type type) => Find(type, "JToken") is not null;

    /// <summary>How to read <paramref name="type"/>, or null when it is not a Newtonsoft.Json token.</summary>
    public static NewtonsoftToken? For(Type type)
    {
        if (Find(type, "JToken") is not { } token)
        {
            return null;
        }

        var instance = Expression.Parameter(typeof(object), "token");
        if (Find(type, "JValue") is { } value)
        {
            // Type is JTokenType.String or JTokenType.Comment ? Value as string : null; the enum's values are looked up by
            // their names. A comment (/* ... */ or // ...) that Newtonsoft.Json's serializer read into a JArray, or as a
            // property's value, is the client's text: JToken.ToString() writes it back out, into what an app stores.
            var typed = Expression.Convert(instance, value);
            var kind = value.GetProperty("Type")!;
            var tokenKind = Expression.Variable(typeof(int), "kind");
            var isText = Expression.OrElse(
                Expression.Equal(tokenKind, Expression.Constant(KindValue(kind.PropertyType, "String"))),
                Expression.Equal(tokenKind, Expression.Constant(KindValue(kind.PropertyType, "Comment"))));
            var text = Expression.TypeAs(Expression.Property(typed, value.GetProperty("Value", typeof(object))!), typeof(string));
            var read = Expression.Block(
                typeof(string),
                [tokenKind],
                Expression.Assign(tokenKind, Expression.Convert(Expression.Property(typed, kind), typeof(int))),
                Expression.Condition(isText, text, Expression.Constant(null, typeof(string))));
            return new NewtonsoftToken(Expression.Lambda<Func<object, string?>>(read, instance).Compile(), null, null, null, indexed: false);
        }

        if (Find(type, "JProperty") is { } property)
        {
            var typed = Expression.Convert(instance, property);
            var name = Expression.Property(typed, property.GetProperty("Name", typeof(string))!);
            var propertyValue = Expression.Convert(Expression.Property(typed, property.GetProperty("Value")!), typeof(object));
            return new NewtonsoftToken(
                null,
                Expression.Lambda<Func<object, string>>(name, instance).Compile(),
                Expression.Lambda<Func<object, object?>>(propertyValue, instance).Compile(),
                null,
                indexed: false);
        }

        if (Find(type, "JContainer") is not null)
        {
            // Children() is JToken's, for every container: a JObject's are its JProperty tokens.
            var children = token.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Single(method => method.Name == "Children" && !method.IsGenericMethodDefinition && method.GetParameters().Length == 0);
            var read = Expression.Convert(Expression.Call(Expression.Convert(instance, token), children), typeof(IEnumerable));

            // A constructor (new Name(...), which Newtonsoft.Json reads where a value may stand) names itself in any letters.
            var constructorName = Find(type, "JConstructor") is { } constructor
                ? Expression.Lambda<Func<object, string?>>(Expression.Property(Expression.Convert(instance, constructor), constructor.GetProperty("Name", typeof(string))!), instance).Compile()
                : null;
            return new NewtonsoftToken(constructorName, null, null, Expression.Lambda<Func<object, IEnumerable>>(read, instance).Compile(), indexed: Find(type, "JObject") is null);
        }

        // Another token holds no text of the request.
        return new NewtonsoftToken(null, null, null, null, indexed: false);
    }

    private static int KindValue(Type kinds, string name) => Convert.ToInt32(Enum.Parse(kinds, name), CultureInfo.InvariantCulture);

    private static Type? Find(Type type, string name)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            if (current.FullName is { } fullName
                && fullName.Length == Namespace.Length + name.Length
                && fullName.StartsWith(Namespace, StringComparison.Ordinal)
                && fullName.EndsWith(name, StringComparison.Ordinal))
            {
                return current;
            }
        }

        return null;
    }
}
