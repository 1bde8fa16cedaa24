using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>Classifies declared types: what a value of the type can hold, and whether it is walked into.</summary>
internal static class ValueShapes
{
    private const int MaxElementNesting = 8;

    public static bool IsFile(Type type) => typeof(IFormFile).IsAssignableFrom(type);

    public static bool IsFileCollection(Type type) => typeof(IFormFileCollection).IsAssignableFrom(type);

    /// <summary>
    /// True for <see cref="Uri"/>: a link the client sent is text like a string (<see cref="UriText"/>), read whole and
    /// never walked into, though its type lives in System.
    /// </summary>
    public static bool IsUri(Type type) => typeof(Uri).IsAssignableFrom(type);

    /// <summary>True for a value read whole as one text: a <see cref="string"/> or a link (<see cref="IsUri"/>).</summary>
    public static bool IsText(Type type) => type == typeof(string) || IsUri(type);

    /// <summary>
    /// True for JSON read as it came (<c>JsonElement</c>, <c>JsonDocument</c>, <c>JsonNode</c>): its strings are text,
    /// whatever the declared type says, and an <c>object</c> bound from a JSON body is a <c>JsonElement</c>.
    /// </summary>
    public static bool IsJson(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(JsonElement) || type == typeof(JsonDocument) || typeof(JsonNode).IsAssignableFrom(type)
            || NewtonsoftToken.IsToken(type);
    }

    /// <summary>
    /// True for a value model binding keys under its own name (a string, a file, a collection, a framework type), as
    /// opposed to an object keyed by its properties; JSON kept as it came is keyed by its JSON path, as an object is.
    /// </summary>
    public static bool IsBoundAsValue(Type type) =>
        !IsJson(type)
        && (type == typeof(string)
            || IsFile(type)
            || IsFileCollection(type)
            || GetElementType(type) is not null
            || IsOpaque(type));

    /// <summary>
    /// True for <c>Tuple&lt;…&gt;</c> and <c>ValueTuple&lt;…&gt;</c>: they hold content in Item1…Item7 and Rest like any
    /// object's members, though their types live in System.
    /// </summary>
    public static bool IsTuple(Type type) =>
        type.IsGenericType && type.Namespace == "System" && typeof(ITuple).IsAssignableFrom(type);

    /// <summary>The element type of a sequence (the value type of a dictionary), or null when <paramref name="type"/> is not one.</summary>
    public static Type? GetElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (IsFileCollection(type))
        {
            return typeof(IFormFile);
        }

        if (GetDictionary(type) is { } dictionary)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = FindGeneric(type, typeof(IEnumerable<>));
        if (enumerable is not null)
        {
            return enumerable.GetGenericArguments()[0];
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null;
    }

    /// <summary>
    /// The dictionary interface <paramref name="type"/> implements (<c>IDictionary&lt;K, V&gt;</c> or
    /// <c>IReadOnlyDictionary&lt;K, V&gt;</c>), whose type arguments are the key and value types; null when it is not a
    /// dictionary. Not every dictionary is an <c>IDictionary</c>: <c>ExpandoObject</c> is not.
    /// </summary>
    public static Type? GetDictionary(Type type) =>
        type == typeof(string) ? null : FindGeneric(type, typeof(IDictionary<,>)) ?? FindGeneric(type, typeof(IReadOnlyDictionary<,>));

    /// <summary>
    /// True when the keys of a dictionary of <paramref name="type"/> can hold text: a request's keys (<c>Tags[key]</c>
    /// in a form, a JSON object's property names, a slug a converter made of them) are its text as much as the values,
    /// and an app may show them. Other keys (numbers, GUIDs, enums) say nothing.
    /// </summary>
    public static bool HasTextKeys(Type type) => HasTextKeys(type, 0);

    private static bool HasTextKeys(Type type, int nesting) => GetDictionary(type) is { } dictionary
        ? MayContain(dictionary.GetGenericArguments()[0], WeChatCheckKind.Text, nesting + 1)
        : typeof(IDictionary).IsAssignableFrom(type);

    /// <summary>
    /// True for types never walked into: primitives, enums and framework types (dates, GUIDs, streams, services).
    /// Strings, links (<see cref="Uri"/>) and files are classified before this is asked: they are read whole.
    /// </summary>
    public static bool IsOpaque(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(object))
        {
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type.IsByRef)
        {
            return true;
        }

        // A pair (in a list, or enumerated from a dictionary that is not an IDictionary) holds content in its Key and
        // Value like any object's properties, though its type lives in System; so does a tuple in its items.
        if (IsPair(type) || IsTuple(type))
        {
            return false;
        }

        var ns = type.Namespace;
        return ns is not null
            && (ns == "System"
                || ns.StartsWith("System.", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    /// <summary>True when a value of <paramref name="type"/> can hold something <paramref name="kind"/> checks.</summary>
    public static bool MayContain(Type type, WeChatCheckKind kind) => MayContain(type, kind, 0);

    private static bool MayContain(Type type, WeChatCheckKind kind, int nesting)
    {
        if (IsText(type))
        {
            return kind == WeChatCheckKind.Text;
        }

        if (IsFile(type) || IsFileCollection(type))
        {
            return kind == WeChatCheckKind.Image;
        }

        if (IsJson(type))
        {
            return kind == WeChatCheckKind.Text;
        }

        var element = GetElementType(type);
        if (element is not null)
        {
            return nesting >= MaxElementNesting
                || (kind == WeChatCheckKind.Text && HasTextKeys(type, nesting))
                || MayContain(element, kind, nesting + 1);
        }

        // A pair or a tuple holds what its type arguments can hold: (int, DateTime) is never walked.
        if (IsPair(type) || IsTuple(type))
        {
            return nesting >= MaxElementNesting || type.GetGenericArguments().Any(argument => MayContain(argument, kind, nesting + 1));
        }

        return !IsOpaque(type);
    }

    private static bool IsPair(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);

    private static Type? FindGeneric(Type type, Type openGeneric)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openGeneric)
        {
            return type;
        }

        foreach (var candidate in type.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == openGeneric)
            {
                return candidate;
            }
        }

        return null;
    }
}
