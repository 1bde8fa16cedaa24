using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Runs an action's checks once its arguments are bound. Added by <see cref="WeChatSecurityApplicationModelProvider"/>
/// to the actions that have checks, with their plan, so that other actions never meet it. It runs after
/// <c>ModelStateInvalidFilter</c> (order -2000), so that an invalid model under [ApiController] gets its usual 400
/// without a WeChat call, and after authorization, as every action filter does.
/// </summary>
internal sealed class WeChatSecurityActionFilter(CheckPlan plan, ValueCollector collector, WeChatCheckRunner runner)
    : IAsyncActionFilter, IOrderedFilter
{
    private readonly OneTextTarget? one = plan.OneText;

    /// <summary>After <c>ModelStateInvalidFilter</c> (-2000), before the application's own action filters (0).</summary>
    public const int FilterOrder = -1000;

    public int Order => FilterOrder;

    // A cached verdict completes synchronously: then the rest of the pipeline is handed back as it is, without an async
    // frame of ours around the action, which would cost every checked request an allocation and an extra await. One
    // string (the usual case) is read where the plan says, with no list of values; with its verdict in memory (most
    // checked requests) it is answered here without starting a check.
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        if (one is null)
        {
            return CheckAll(context, next);
        }

        if (ReadOne(context, one) is not { } text)
        {
            return next();
        }

        if (runner.FromMemory(context.HttpContext, text, one.Scene, out var openId) is { } verdict)
        {
            return runner.Rejects(verdict) ? Answer(context, next, Rejected(context, one, text, verdict)) : next();
        }

        return CheckOne(context, next, one, text, openId);
    }

    private WeChatProblemResult Rejected(ActionExecutingContext context, OneTextTarget one, string text, WeChatVerdict verdict) =>
        runner.Rejected(new CollectedValue(KeyOf(context, one.Target), one.Scene, text, null), verdict, plan.DisplayName);

    private Task CheckOne(ActionExecutingContext context, ActionExecutionDelegate next, OneTextTarget one, string text, string? openId) =>
        Continue(context, next, runner.CheckOneAsync(context.HttpContext, new CollectedValue(KeyOf(context, one.Target), one.Scene, text, null), openId, plan.DisplayName));

    private Task CheckAll(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ValueTask<WeChatProblemResult?> pending;
        try
        {
            pending = runner.RunAsync(context.HttpContext, Collect(context), plan.DisplayName);
        }
        catch (WeChatInvalidContentException invalid)
        {
            return Answer(context, next, WeChatProblems.InvalidContent(invalid));
        }

        return Continue(context, next, pending);
    }

    private static Task Continue(ActionExecutingContext context, ActionExecutionDelegate next, ValueTask<WeChatProblemResult?> pending) =>
        pending.IsCompletedSuccessfully
            ? Answer(context, next, pending.Result)
            : AwaitThenAnswerAsync(context, next, pending);

    // The runner answers every failure of a check it started, invalid content included, so nothing is caught here.
    private static async Task AwaitThenAnswerAsync(ActionExecutingContext context, ActionExecutionDelegate next, ValueTask<WeChatProblemResult?> pending) =>
        await Answer(context, next, await pending);

    private List<CollectedValue> Collect(ActionExecutingContext context)
    {
        var values = new List<CollectedValue>(plan.Targets.Length);
        var budget = runner.BudgetFor(plan.DisplayName);
        foreach (var target in plan.Targets)
        {
            if (context.ActionArguments.TryGetValue(target.Parameter.Name, out var argument) && argument is not null)
            {
                collector.Collect(target, argument, PrefixOf(context, target), values, budget);
            }
        }

        return values;
    }

    private static Task Answer(ActionExecutingContext context, ActionExecutionDelegate next, WeChatProblemResult? answer)
    {
        if (answer is null)
        {
            return next();
        }

        context.Result = answer;
        return Task.CompletedTask;
    }

    private static string? ReadOne(ActionExecutingContext context, OneTextTarget one) =>
        context.ActionArguments.TryGetValue(one.ParameterName, out var argument) && argument is not null ? one.ReadText(argument) : null;

    private static string KeyOf(ActionExecutingContext context, CheckTarget one) => one.PlannedKey ?? one.KeyUnder(PrefixOf(context, one));

    private static string PrefixOf(ActionExecutingContext context, CheckTarget target) =>
        target.Parameter.KeyPrefix ?? BoundPrefix(context.ModelState, target.Parameter.BoundName);

    // MVC binds a complex value under the parameter's name only when the request used that name as a prefix
    // ("post.Title"); model binding has then recorded values under it.
    private static string BoundPrefix(ModelStateDictionary modelState, string name)
    {
        using var keys = modelState.FindKeysWithPrefix(name).GetEnumerator();
        return keys.MoveNext() ? name : string.Empty;
    }
}
