using System.Reflection;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>A readable property of a walked type, with what its declared type can hold.</summary>
internal sealed record PropertyShape(PropertyInfo Property, string KeyName, bool MayContainText, bool MayContainImage)
{
    /// <summary>Reads <see cref="Property"/> from an instance of its declaring type.</summary>
    public Func<object, object?> Read { get; } = PropertyReaders.For(Property);

    public bool MayContain(WeChatCheckKind kind) => kind == WeChatCheckKind.Text ? MayContainText : MayContainImage;
}
