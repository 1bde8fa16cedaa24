namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>Everything an action or endpoint checks, worked out once when it is built.</summary>
/// <param name="DisplayName">The action or endpoint, for logs.</param>
/// <param name="Targets">The resolved checks, in declaration order.</param>
internal sealed record CheckPlan(string DisplayName, CheckTarget[] Targets)
{
    /// <summary>The only target, when it reads one string: the filters then check it without collecting values.</summary>
    public OneTextTarget? OneText { get; } = Targets is [{ ReadsOneText: true } only] ? new OneTextTarget(only) : null;
}
