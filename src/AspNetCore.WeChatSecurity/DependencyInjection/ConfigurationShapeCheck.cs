using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using AspNetCore.WeChatSecurity.Naming;
using Microsoft.Extensions.Configuration;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>
/// Compares a configuration section with the options type it is bound to, before binding: a key that names no property
/// (the binder would silently ignore it), and a value that cannot become its property's type (the binder would stop
/// with "Failed to convert"), are reported by their configuration path, with the valid names, values or format, never
/// with the value itself.
/// It walks the type graph, so nested option classes, lists and dictionaries are covered as they are added.
/// </summary>
internal static class ConfigurationShapeCheck
{
    private const int MaxDepth = 16;

    /// <summary>Every mistake in <paramref name="section"/>, as a message a person can act on; empty when there is none.</summary>
    /// <param name="section">The section bound to <paramref name="optionsType"/>.</param>
    /// <param name="optionsType">The options type.</param>
    /// <param name="otherOwners">Sub-sections that other options bind (add-on packages), left to their own checks.</param>
    public static List<string> Check(IConfigurationSection section, Type optionsType, IReadOnlyCollection<string>? otherOwners = null)
    {
        var failures = new List<string>();
        CheckObject(section, optionsType, failures, 0, otherOwners);
        return failures;
    }

    /// <summary>A root key close to the section's name while the section itself is missing: a misspelled section.</summary>
    public static string? FindMisspelledSection(IConfiguration configuration, string sectionName)
    {
        if (configuration is IConfigurationSection || configuration.GetSection(sectionName).Exists())
        {
            return null;
        }

        var near = ClosestName.Find(sectionName, configuration.GetChildren().Select(c => c.Key));
        return near is null
            ? null
            : $"The configuration has a section '{near}' but no '{sectionName}': rename it to {sectionName}, or its settings are not read.";
    }

    private static void CheckObject(IConfigurationSection section, Type type, List<string> failures, int depth, IReadOnlyCollection<string>? otherOwners = null)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .ToList();
        foreach (var child in section.GetChildren())
        {
            if (otherOwners?.Contains(child.Key, StringComparer.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            var property = properties.FirstOrDefault(p => string.Equals(KeyOf(p), child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                failures.Add(Unknown(child, type, properties));
                continue;
            }

            CheckValue(child, property.PropertyType, failures, depth + 1);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<string> failures, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var isSection = section.GetChildren().Any();
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            failures.Add($"{section.Path} can only be set in code (it is a {FriendlyName(type)}), not in configuration.");
            return;
        }

        if (IsScalar(type))
        {
            if (isSection)
            {
                failures.Add($"{section.Path} takes a single value ({Expected(type)}), not a section.");
            }
            else if (section.Value is { Length: > 0 } value && !Converts(type, value))
            {
                // Named, never quoted: the message is thrown at start and logged on a refused reload, and a value in the
                // wrong place may be a secret (an AppSecret pasted under the key above it, an EncodingAESKey in a number).
                failures.Add($"{section.Path} must be {Expected(type)}.");
            }

            return;
        }

        if (!isSection)
        {
            return;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                CheckValue(entry, valueType, failures, depth + 1);
            }
        }
        else if (SequenceElementType(type) is { } elementType)
        {
            foreach (var item in section.GetChildren())
            {
                CheckValue(item, elementType, failures, depth + 1);
            }
        }
        else if (IsGroup(type))
        {
            CheckObject(section, type, failures, depth);
        }
    }

    private static string Unknown(IConfigurationSection child, Type type, List<PropertyInfo> properties)
    {
        var keys = properties.Select(KeyOf).ToList();
        var near = MovedInto(child.Key, properties) ?? ClosestName.Find(child.Key, keys);
        var hint = near is null ? string.Empty : $" Did you mean {near}?";
        return $"{child.Path} is not a setting of {type.Name}, so it would be ignored.{hint} The settings there are: {string.Join(", ", keys.Order(StringComparer.Ordinal))}.";
    }

    // A setting written at the level above its group (MaxEntries for Cache:MaxEntries) is named by its group's path.
    private static string? MovedInto(string key, List<PropertyInfo> properties)
    {
        foreach (var group in properties)
        {
            var groupType = Nullable.GetUnderlyingType(group.PropertyType) ?? group.PropertyType;
            if (!IsGroup(groupType))
            {
                continue;
            }

            var moved = groupType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.GetIndexParameters().Length == 0 && string.Equals(KeyOf(p), key, StringComparison.OrdinalIgnoreCase));
            if (moved is not null)
            {
                return $"{KeyOf(group)}:{KeyOf(moved)}";
            }
        }

        return null;
    }

    private static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    // A nested options class, bound key by key to its properties: not a value, a delegate, a dictionary or a list.
    private static bool IsGroup(Type type) =>
        !IsScalar(type) && !typeof(Delegate).IsAssignableFrom(type) && type != typeof(object) && !type.IsInterface && !type.IsAbstract
        && DictionaryValueType(type) is null && SequenceElementType(type) is null;

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri)
        || type == typeof(TimeOnly) || type == typeof(DateOnly);

    // As the binder converts: through the type's TypeConverter, with the invariant culture.
    private static bool Converts(Type type, string value)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(TimeSpan) =>
            "a time span written [d.]hh:mm:ss[.fffffff], for example \"00:00:05\" for 5 seconds, \"00:05:00\" for 5 minutes or \"1.00:00:00\" for a day",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number such as 0.5 (with a point)",
        _ when type == typeof(Uri) => "an address such as https://api.weixin.qq.com",
        _ => $"a {FriendlyName(type)}",
    };

    private static string FriendlyName(Type type) =>
        type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    private static Type? DictionaryValueType(Type type) =>
        FindGeneric(type, typeof(IDictionary<,>))?.GetGenericArguments()[1]
        ?? FindGeneric(type, typeof(IReadOnlyDictionary<,>))?.GetGenericArguments()[1];

    private static Type? SequenceElementType(Type type) =>
        type.IsArray ? type.GetElementType() : FindGeneric(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? FindGeneric(Type type, Type openGeneric) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == openGeneric
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openGeneric);
}
