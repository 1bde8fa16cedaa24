using System.Collections;
using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<Type, PropertyShape[]> _shapes = new();
    private readonly ConcurrentDictionary<Type, (bool Text, bool Image)> _contents = new();

    /// <summary>Keys properties by their C# names (minimal APIs).</summary>
    public static ValueCollector ByPropertyName { get; } = new(CheckTargetResolver.PropertyNames);

    /// <summary>Adds the values <paramref name="target"/> covers in <paramref name="argument"/> to <paramref name="sink"/>, in the target's scene.</summary>
    /// <exception cref="WeChatInvalidContentException">The value nests deeper than <see cref="MaxDepth"/> (400).</exception>
    public void Collect(CheckTarget target, object? argument, string prefix, List<CollectedValue> sink)
    {
        var walk = new Walk(target.Check.Kind, target.Scene, sink);
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
            foreach (var element in Elements(sequence))
            {
                Follow(element.Value, element.Key is null ? KeyNames.Index(key, index) : KeyNames.Index(key, element.Key), path, step, depth + 1, ref walk);
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
                    walk.Sink.Add(new CollectedValue(key, walk.Scene, text, null));
                }

                return;
            case IFormFile file:
                if (walk.Kind == WeChatCheckKind.Image)
                {
                    walk.Sink.Add(new CollectedValue(key, walk.Scene, null, file));
                }

                return;
            case IFormFileCollection files:
                if (walk.Kind == WeChatCheckKind.Image)
                {
                    GatherFiles(files, key, ref walk);
                }

                return;

            // JSON kept as it came: a JsonElement property, or an object or Dictionary<string, object> bound from a body.
            case JsonElement json:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    GatherJson(json, key, depth, ref walk);
                }

                return;
            case JsonDocument document:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    GatherJson(document.RootElement, key, depth, ref walk);
                }

                return;
            case JsonNode node:
                if (walk.Kind == WeChatCheckKind.Text)
                {
                    GatherJson(node, key, depth, ref walk);
                }

                return;
        }

        var type = value.GetType();
        if (!MayContain(type, walk.Kind))
        {
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
            foreach (var element in Elements(sequence))
            {
                if (element.Value is not null)
                {
                    Gather(element.Value, element.Key is null ? KeyNames.Index(key, index) : KeyNames.Index(key, element.Key), depth + 1, ref walk);
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

    private static void GatherJson(JsonElement json, string key, int depth, ref Walk walk)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                walk.Sink.Add(new CollectedValue(key, walk.Scene, json.GetString(), null));
                return;
            case JsonValueKind.Object:
                EnsureDepth(depth, key);
                foreach (var property in json.EnumerateObject())
                {
                    GatherJson(property.Value, KeyNames.Property(key, property.Name), depth + 1, ref walk);
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
            case JsonValue value when value.TryGetValue<string>(out var text):
                walk.Sink.Add(new CollectedValue(key, walk.Scene, text, null));
                return;
            case JsonObject properties:
                EnsureDepth(depth, key);
                foreach (var (name, child) in properties)
                {
                    GatherJson(child, KeyNames.Property(key, name), depth + 1, ref walk);
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
            walk.Sink.Add(new CollectedValue(counts[name] > 1 ? KeyNames.Index(name, occurrence) : name, walk.Scene, null, file));
        }
    }

    private bool MayContain(Type type, WeChatCheckKind kind)
    {
        var contents = _contents.GetOrAdd(type, static t => (ValueShapes.MayContain(t, WeChatCheckKind.Text), ValueShapes.MayContain(t, WeChatCheckKind.Image)));
        return kind == WeChatCheckKind.Text ? contents.Text : contents.Image;
    }

    private PropertyShape[] GetShape(Type type) => _shapes.GetOrAdd(type, static (t, n) =>
        [.. CheckTargetResolver.GetReadableProperties(t).Select(p => new PropertyShape(
            p,
            n(t, p),
            ValueShapes.MayContain(p.PropertyType, WeChatCheckKind.Text),
            ValueShapes.MayContain(p.PropertyType, WeChatCheckKind.Image)))],
        namer);

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

    // Passed by reference, so that the set of visited objects, made on the first object reached, is the walk's one.
    private struct Walk(WeChatCheckKind kind, WeChatScene? scene, List<CollectedValue> sink)
    {
        private HashSet<object>? _visited;

        public readonly WeChatCheckKind Kind { get; } = kind;

        public readonly WeChatScene? Scene { get; } = scene;

        public readonly List<CollectedValue> Sink { get; } = sink;

        /// <summary>False when <paramref name="value"/> was reached before (a cycle, or an object shared by two paths).</summary>
        public bool Visit(object value) => (_visited ??= new(ReferenceEqualityComparer.Instance)).Add(value);
    }
}
