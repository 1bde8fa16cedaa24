using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Finds the strings or files a check covers in a bound argument: follows the target's property path (through
/// collections), then walks what it reaches, into nested objects and collections, cycle-safe and depth-limited.
/// </summary>
internal sealed class ValueCollector(CheckTargetResolver.KeyNamer namer)
{
    /// <summary>As deep as model binding goes by default; deeper input is refused rather than left unchecked.</summary>
    public const int MaxDepth = 32;

    private static readonly MethodInfo PairsMethod = typeof(ValueCollector).GetMethod(nameof(Pairs), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ConcurrentDictionary<Type, PropertyShape[]> _shapes = new();
    private readonly ConcurrentDictionary<Type, Contents> _contents = new();

    /// <summary>Keys properties by their C# names (minimal APIs).</summary>
    public static ValueCollector ByPropertyName { get; } = new(CheckTargetResolver.PropertyNames);

    /// <summary>
    /// Adds the values <paramref name="target"/> covers in <paramref name="argument"/> to <paramref name="sink"/>, in the
    /// target's scene, counting them against <paramref name="budget"/> (shared by the request's targets) as they come.
    /// </summary>
    /// <exception cref="WeChatInvalidContentException">The value nests deeper than <see cref="MaxDepth"/> (400), or the
    /// request's values pass <paramref name="budget"/> (413).</exception>
    public void Collect(CheckTarget target, object? argument, string prefix, List<CollectedValue> sink, CollectionBudget? budget = null)
    {
        var walk = new Walk(target.Check.Kind, target.Scene, sink, budget);
        Follow(argument, prefix, target.Path, 0, 0, ref walk);
    }

    private void Follow(object? value, string key, PathStep[] path, int step, int depth, ref Walk walk)
    {
        if (value is null)
        {
            return;
        }

        if (step == path.Length)
        {
            Gather(value, key, depth, ref walk);
            return;
        }

        EnsureDepth(depth, key);
        if (value is not string && value is IEnumerable sequence && !path[step].Property.DeclaringType!.IsInstanceOfType(value))
        {
            var index = 0;
            foreach (var element in Elements(sequence, ContentsOf(value.GetType()).Entries))
            {
                Follow(element.Value, ElementKey(key, element, index), path, step, depth + 1, ref walk);
                index++;
            }

            return;
        }

        var next = path[step];
        Follow(next.Read(value), KeyNames.Property(key, next.KeyName), path, step + 1, depth + 1, ref walk);
    }

    private void Gather(object value, string key, int depth, ref Walk walk)
    {
        switch (value)
        {
            case string text:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    walk.Add(new CollectedValue(key, walk.Scene, text, null));
                }

                return;
            case Uri uri:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    walk.Add(new CollectedValue(key, walk.Scene, UriText.Of(uri), null));
                }

                return;
            case IFormFile file:
                if (walk.Kind == WeChatCheckKind.Image)
                {
                    walk.Add(new CollectedValue(key, walk.Scene, null, file));
                }

                return;
            case IFormFileCollection files:
                if (walk.Kind == WeChatCheckKind.Image)
                {
                    GatherFiles(files, key, ref walk);
                }

                return;

            // JSON kept as it came: a JsonElement property or parameter, or an object or Dictionary<string, object> bound from a body.
            case JsonElement json:
                GatherJsonText(json, key, depth, ref walk);
                return;
            case JsonDocument document:
                GatherJsonText(document.RootElement, key, depth, ref walk);
                return;
            case JsonNode node:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    GatherJson(node, key, depth, ref walk);
                }

                return;
        }

        var type = value.GetType();
        var contents = ContentsOf(type);
        if (!(walk.Kind == WeChatCheckKind.Text ? contents.Text : contents.Image))
        {
            return;
        }

        // A Newtonsoft.Json token is a tree (a token has one parent): no cycle to guard against.
        if (contents.Token is { } token)
        {
            GatherToken(value, token, key, depth, ref walk);
            return;
        }

        EnsureDepth(depth, key);
        if (!type.IsValueType && !walk.Visit(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var element in Elements(sequence, contents.Entries))
            {
                string? entryKey = null;

                // A dictionary's key is reported under the entry it names, as the value is: "Tags[key]".
                if (contents.TextKeys && walk.Kind == WeChatCheckKind.Text && element.Key is { } entry)
                {
                    entryKey = KeyNames.Index(key, entry);
                    Gather(entry, entryKey, depth + 1, ref walk);
                }

                if (element.Value is not null)
                {
                    entryKey ??= ElementKey(key, element, index);
                    Gather(element.Value, entryKey, depth + 1, ref walk);
                }

                index++;
            }

            return;
        }

        foreach (var property in GetShape(type))
        {
            if (property.MayContain(walk.Kind) && property.Read(value) is { } child)
            {
                Gather(child, KeyNames.Property(key, property.KeyName), depth + 1, ref walk);
            }
        }
    }

    // System.Text.Json refuses comments unless told to skip them (Allow is refused wherever it keeps JSON): a JsonElement
    // then enumerates none, though its raw text still holds them, which JsonComments reads.
    private static void GatherJsonText(JsonElement json, string key, int depth, ref Walk walk)
    {
        if (walk.Kind == WeChatCheckKind.Text)
        {
            GatherJson(json, key, depth, ref walk);
            JsonComments.Gather(json, key, walk.Scene, walk.Sink);
            walk.Budget?.CountNew(walk.Sink);
        }
    }

    private static void GatherJson(JsonElement json, string key, int depth, ref Walk walk)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                walk.Add(new CollectedValue(key, walk.Scene, ReadUnicode(json, static element => element.GetString()!, key), null));
                return;
            case JsonValueKind.Object:
                EnsureDepth(depth, key);
                foreach (var property in json.EnumerateObject())
                {
                    // A property's name is the client's text too, reported under the property's path like its value.
                    var name = ReadUnicode(property, static named => named.Name, key);
                    var propertyKey = KeyNames.Property(key, name);
                    walk.Add(new CollectedValue(propertyKey, walk.Scene, name, null));
                    GatherJson(property.Value, propertyKey, depth + 1, ref walk);
                }

                return;
            case JsonValueKind.Array:
                EnsureDepth(depth, key);
                var index = 0;
                foreach (var element in json.EnumerateArray())
                {
                    GatherJson(element, KeyNames.Index(key, index++), depth + 1, ref walk);
                }

                return;
        }
    }

    private static void GatherJson(JsonNode? node, string key, int depth, ref Walk walk)
    {
        switch (node)
        {
            case JsonValue value when ReadUnicode(value, static scalar => scalar.TryGetValue(out string? content) ? content : null, key) is { } text:
                walk.Add(new CollectedValue(key, walk.Scene, text, null));
                return;
            case JsonObject properties:
                EnsureDepth(depth, key);
                foreach (var (name, child) in Readable(properties, key))
                {
                    var propertyKey = KeyNames.Property(key, name);
                    walk.Add(new CollectedValue(propertyKey, walk.Scene, name, null));
                    GatherJson(child, propertyKey, depth + 1, ref walk);
                }

                return;
            case JsonArray elements:
                EnsureDepth(depth, key);
                for (var index = 0; index < elements.Count; index++)
                {
                    GatherJson(elements[index], KeyNames.Index(key, index), depth + 1, ref walk);
                }

                return;
        }
    }

    // System.Text.Json keeps a string holding an escaped lone surrogate ("\ud800") in a JsonElement without complaint,
    // and throws only when its text (or a property's name) is asked for: that JSON holds no Unicode text there, and is
    // refused as a string property's would be at binding, rather than failing the request with a 500. A name that cannot
    // be read is reported under the object it names a property of.
    private static TText ReadUnicode<TSource, TText>(TSource source, Func<TSource, TText> read, string key)
    {
        try
        {
            return read(source);
        }
        catch (InvalidOperationException)
        {
            throw NotUnicode(key);
        }
    }

    // A JsonObject bound from a body reads its properties only when first asked for them, here rather than in the
    // action: a name given twice ({"a":1,"a":2}, or "a" and "A" when the app's JSON options ignore case) then throws
    // ArgumentException, an unreadable name InvalidOperationException. Either is the client's JSON, answered 400.
    private static JsonObject Readable(JsonObject properties, string key)
    {
        try
        {
            _ = properties.Count;
            return properties;
        }
        catch (ArgumentException)
        {
            throw new WeChatInvalidContentException(
                WeChatInvalidContentReason.Unreadable,
                "The JSON object names a property more than once, so it cannot be read as a JsonObject.",
                key);
        }
        catch (InvalidOperationException)
        {
            throw NotUnicode(key);
        }
    }

    private static WeChatInvalidContentException NotUnicode(string key) => new(
        WeChatInvalidContentReason.Unreadable,
        "The JSON holds a string that is not Unicode text: an escaped lone surrogate (such as \\ud800 without its pair).",
        key);

    // Keyed like JSON kept as it came ("Extra.tags[1]"), a property's name reported under the property's path.
    private void GatherToken(object value, NewtonsoftToken token, string key, int depth, ref Walk walk)
    {
        // A string value, or a constructor's name, whose arguments follow as a container's children.
        if (token.ReadString is { } readString && readString(value) is { } text)
        {
            walk.Add(new CollectedValue(key, walk.Scene, text, null));
        }

        if (token.ReadName is { } readName)
        {
            var name = readName(value);
            var propertyKey = KeyNames.Property(key, name);
            walk.Add(new CollectedValue(propertyKey, walk.Scene, name, null));
            if (token.ReadValue!(value) is { } child)
            {
                Gather(child, propertyKey, depth + 1, ref walk);
            }

            return;
        }

        if (token.ReadChildren is { } readChildren)
        {
            EnsureDepth(depth, key);
            var index = 0;
            foreach (var child in readChildren(value))
            {
                // A JObject's children are its properties, each at the object's depth as a JsonElement's are.
                if (token.Indexed)
                {
                    Gather(child, KeyNames.Index(key, index++), depth + 1, ref walk);
                }
                else
                {
                    Gather(child, key, depth, ref walk);
                }
            }
        }
    }

    // A file collection may hold files of several form fields (minimal APIs bind them all): each is keyed by the field
    // the client named it with, indexed when several files share that name ("photos[1]").
    private static void GatherFiles(IFormFileCollection files, string key, ref Walk walk)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = string.IsNullOrEmpty(file.Name) ? key : file.Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = string.IsNullOrEmpty(file.Name) ? key : file.Name;
            var occurrence = seen.GetValueOrDefault(name);
            seen[name] = occurrence + 1;
            walk.Add(new CollectedValue(counts[name] > 1 ? KeyNames.Index(name, occurrence) : name, walk.Scene, null, file));
        }
    }

    private Contents ContentsOf(Type type) => _contents.GetOrAdd(type, static t => new(
        ValueShapes.MayContain(t, WeChatCheckKind.Text),
        ValueShapes.MayContain(t, WeChatCheckKind.Image),
        ValueShapes.HasTextKeys(t),
        NewtonsoftToken.For(t),
        ValueShapes.GetDictionary(t) is { } dictionary ? PairsMethod.MakeGenericMethod(dictionary.GetGenericArguments()).CreateDelegate<Func<IEnumerable, IEnumerable<KeyValuePair<object?, object?>>>>() : null));

    private PropertyShape[] GetShape(Type type) => _shapes.GetOrAdd(type, static (t, n) => [.. Members(t, n)], namer);

    // Only the members that can hold something a check reads: the others are never read, and some cannot be (a span
    // over a string has no reader).
    private static IEnumerable<PropertyShape> Members(Type type, CheckTargetResolver.KeyNamer namer)
    {
        foreach (var property in CheckTargetResolver.GetReadableProperties(type))
        {
            if (Holds(property.PropertyType) is (var text, var image) && (text || image))
            {
                yield return new PropertyShape(namer(type, property), PropertyReaders.For(property), text, image);
            }
        }

        // A ValueTuple holds its items in fields, named as System.Text.Json names them when it includes fields: Item1 to
        // Item7, then Rest for the eighth on ("Rest.Item1").
        if (type.IsValueType && ValueShapes.IsTuple(type))
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (Holds(field.FieldType) is (var text, var image) && (text || image))
                {
                    yield return new PropertyShape(field.Name, PropertyReaders.For(field), text, image);
                }
            }
        }

        static (bool Text, bool Image) Holds(Type type) =>
            (ValueShapes.MayContain(type, WeChatCheckKind.Text), ValueShapes.MayContain(type, WeChatCheckKind.Image));
    }

    // An entry is keyed by its dictionary key ("Tags[key]"), an element by its position ("Tags[1]").
    private static string ElementKey(string key, KeyValuePair<object?, object?> element, int index) =>
        element.Key is null ? KeyNames.Index(key, index) : KeyNames.Index(key, element.Key);

    // A dictionary's entries are keyed by their keys; a sequence's elements by their positions (a null key).
    private static IEnumerable<KeyValuePair<object?, object?>> Elements(IEnumerable sequence, Func<IEnumerable, IEnumerable<KeyValuePair<object?, object?>>>? entries) =>
        entries is not null ? entries(sequence) : Elements(sequence);

    // The entries of a generic dictionary, through its pairs: enumerated as a sequence, one that is not an IDictionary
    // (ExpandoObject, an application's IReadOnlyDictionary) would yield each pair as an element.
    private static IEnumerable<KeyValuePair<object?, object?>> Pairs<TKey, TValue>(IEnumerable dictionary)
    {
        foreach (var (key, value) in (IEnumerable<KeyValuePair<TKey, TValue>>)dictionary)
        {
            yield return new(key, value);
        }
    }

    private static IEnumerable<KeyValuePair<object?, object?>> Elements(IEnumerable sequence)
    {
        if (sequence is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return new(entry.Key, entry.Value);
            }

            yield break;
        }

        foreach (var element in sequence)
        {
            yield return new(null, element);
        }
    }

    private static void EnsureDepth(int depth, string key)
    {
        if (depth >= MaxDepth)
        {
            throw new WeChatInvalidContentException(
                WeChatInvalidContentReason.Unreadable,
                $"The content is nested more than {MaxDepth} levels deep and cannot be checked.",
                key);
        }
    }

    // What a value of a type can hold, read once per type: whether it is walked for a kind, whether its keys are (when it
    // is a dictionary), how to read it when it is a Newtonsoft.Json token, and how to read its entries when it is a
    // generic dictionary.
    private sealed record Contents(bool Text, bool Image, bool TextKeys, NewtonsoftToken? Token, Func<IEnumerable, IEnumerable<KeyValuePair<object?, object?>>>? Entries);

    // Passed by reference, so that the set of visited objects, made on the first object reached, is the walk's one.
    private struct Walk(WeChatCheckKind kind, WeChatScene? scene, List<CollectedValue> sink, CollectionBudget? budget)
    {
        private HashSet<object>? _visited;

        public readonly WeChatCheckKind Kind { get; } = kind;

        public readonly WeChatScene? Scene { get; } = scene;

        public readonly List<CollectedValue> Sink { get; } = sink;

        public readonly CollectionBudget? Budget { get; } = budget;

        public readonly void Add(CollectedValue value)
        {
            Sink.Add(value);
            Budget?.CountNew(Sink);
        }

        /// <summary>False when <paramref name="value"/> was reached before (a cycle, or an object shared by two paths).</summary>
        public bool Visit(object value) => (_visited ??= new(ReferenceEqualityComparer.Instance)).Add(value);
    }
}
