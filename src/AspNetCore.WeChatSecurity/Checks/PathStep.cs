using System.Reflection;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>One property on the way from a bound argument to the field an attribute names.</summary>
/// <param name="Property">The property read.</param>
/// <param name="KeyName">Its name in error keys, as model validation names it.</param>
internal sealed record PathStep(PropertyInfo Property, string KeyName)
{
    /// <summary>Reads <see cref="Property"/> from an instance of its declaring type.</summary>
    public Func<object, object?> Read { get; } = PropertyReaders.For(Property);
}
