using System.Linq.Expressions;
using System.Reflection;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Reads a property (or a field) through a delegate bound to its getter, made once when a check is planned: a few
/// nanoseconds per read instead of reflection's invoke, on every checked request.
/// </summary>
internal static class PropertyReaders
{
    private static readonly MethodInfo Bind = typeof(PropertyReaders).GetMethod(nameof(BindGetter), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Func<object, object?> For(PropertyInfo property)
    {
        // A span is no generic argument, and holds nothing a check reads: reflection refuses to read it too, should it
        // ever be asked.
        if (property.GetMethod is not { IsStatic: false } getter || property.GetIndexParameters().Length > 0 || property.DeclaringType is not { } owner || owner.ContainsGenericParameters
            || property.PropertyType.IsByRefLike)
        {
            return property.GetValue;
        }

        // A struct's getter takes the struct by reference, which an open delegate over object cannot give it: a compiled
        // read unboxes it (a KeyValuePair's Key and Value, a record struct's properties).
        return owner.IsValueType
            ? Compile(owner, property)
            : (Func<object, object?>)Bind.MakeGenericMethod(owner, property.PropertyType).Invoke(null, [getter])!;
    }

    /// <summary>
    /// Reads a field (a <c>ValueTuple</c>'s items are fields) through a delegate compiled once, so that no reflection runs
    /// per read.
    /// </summary>
    public static Func<object, object?> For(FieldInfo field) => Compile(field.DeclaringType!, field);

    private static Func<object, object?> Compile(Type owner, MemberInfo member)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var read = Expression.MakeMemberAccess(Expression.Convert(instance, owner), member);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), instance).Compile();
    }

    private static Func<object, object?> BindGetter<TOwner, TValue>(MethodInfo getter)
    {
        var get = getter.CreateDelegate<Func<TOwner, TValue>>();
        return owner => get((TOwner)owner);
    }
}
