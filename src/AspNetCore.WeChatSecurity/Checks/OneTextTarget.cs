using System.Linq.Expressions;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// What a filter reads to check a plan of one string (<see cref="CheckTarget.ReadsOneText"/>), kept in one object with
/// the string read by one compiled delegate. A cache hit in a busy app spends most of its time fetching memory other
/// requests pushed out of the processor's caches: reaching the same values through the plan, the target, its parameter,
/// the path and a delegate per step would touch several objects more on every checked request.
/// </summary>
internal sealed class OneTextTarget
{
    public OneTextTarget(CheckTarget target)
    {
        Target = target;
        ParameterName = target.Parameter.Name;
        ParameterIndex = target.Parameter.Index;
        Scene = target.Scene;
        ReadText = CompileReader(target.Parameter.Type, target.Path);
    }

    /// <summary>The target itself, for what a hit does not need (keys, a check).</summary>
    public CheckTarget Target { get; }

    /// <summary>The parameter's name, the key of MVC's action arguments.</summary>
    public string ParameterName { get; }

    /// <summary>The parameter's position among a handler's arguments.</summary>
    public int ParameterIndex { get; }

    /// <summary>The attribute's scene: null lets the service apply the default scene.</summary>
    public WeChatScene? Scene { get; }

    /// <summary>
    /// The string the target covers in a non-null argument, or null when a property on the way is null: what
    /// <see cref="ValueCollector"/> would find, without walking.
    /// </summary>
    public Func<object, string?> ReadText { get; }

    // (object argument) => ((Post)argument).Reply is { } reply ? reply.Comment : null, for any path: each step casts to
    // the property's declaring type (a derived runtime type reads the same getter, virtually, as the collector's
    // delegates do) and stops at a null, a Nullable<T> without a value included. A link ends in UriText.Of, which the
    // collector reads it through; a string ends in the read itself.
    private static Func<object, string?> CompileReader(Type parameterType, PathStep[] path)
    {
        var argument = Expression.Parameter(typeof(object), "argument");
        var body = path.Length > 0 ? Step(argument, path, 0)
            : ValueShapes.IsUri(parameterType) ? TextOf(Expression.TypeAs(argument, typeof(Uri)))
            : Expression.TypeAs(argument, typeof(string));
        return Expression.Lambda<Func<object, string?>>(body, argument).Compile();
    }

    private static MethodCallExpression TextOf(Expression uri) => Expression.Call(typeof(UriText).GetMethod(nameof(UriText.Of))!, uri);

    private static Expression Step(Expression value, PathStep[] path, int index)
    {
        var property = path[index].Property;
        var owner = property.DeclaringType!;
        var read = Expression.Property(value.Type == owner ? value : Expression.Convert(value, owner), property);
        if (index == path.Length - 1)
        {
            return ValueShapes.IsUri(read.Type) ? TextOf(read) : read;
        }

        var nullable = Nullable.GetUnderlyingType(read.Type) is not null;
        if (read.Type.IsValueType && !nullable)
        {
            return Step(read, path, index + 1);
        }

        // Compared by reference: a type's own == operator is not asked about null. A Nullable<T> without a value is the
        // null the collector's boxed read finds ("Location.Value.Label"): its Value would throw.
        var next = Expression.Variable(read.Type, "next");
        return Expression.Block(
            typeof(string),
            [next],
            Expression.Assign(next, read),
            Expression.Condition(
                nullable
                    ? Expression.Not(Expression.Property(next, nameof(Nullable<int>.HasValue)))
                    : Expression.ReferenceEqual(next, Expression.Constant(null, read.Type)),
                Expression.Constant(null, typeof(string)),
                Step(next, path, index + 1),
                typeof(string)));
    }
}
