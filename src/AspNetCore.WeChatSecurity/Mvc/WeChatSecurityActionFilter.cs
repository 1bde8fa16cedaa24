using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Runs an action's checks once its arguments are bound. Registered globally; actions without checks go straight on.
/// It runs after <c>ModelStateInvalidFilter</c> (order -2000), so that an invalid model under [ApiController] gets its
/// usual 400 without a WeChat call, and after authorization, as every action filter does.
/// </summary>
internal sealed class WeChatSecurityActionFilter(WeChatCheckRunner runner, IModelMetadataProvider metadataProvider)
    : IAsyncActionFilter
{
    /// <summary>After <c>ModelStateInvalidFilter</c> (-2000), before the application's own action filters (0).</summary>
    public const int FilterOrder = -1000;

    private readonly ValueCollector _collector = new(new ModelMetadataKeyNamer(metadataProvider).Namer);

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.ActionDescriptor.Properties.TryGetValue(typeof(CheckPlan), out var value) || value is not CheckPlan plan)
        {
            return next();
        }

        return CheckAsync(context, next, plan);
    }

    // A cached verdict completes synchronously: then the rest of the pipeline is handed back as it is, without an async
    // frame of ours around the action, which would cost every checked request an allocation and an extra await.
    private Task CheckAsync(ActionExecutingContext context, ActionExecutionDelegate next, CheckPlan plan)
    {
        var options = runner.Options;
        ValueTask<WeChatCheckOutcome> pending;
        try
        {
            pending = Run(context, plan);
        }
        catch (WeChatInvalidContentException invalid)
        {
            return Answer(context, next, WeChatCheckOutcome.InvalidContent(invalid), options);
        }

        return pending.IsCompletedSuccessfully
            ? Answer(context, next, pending.Result, options)
            : AwaitThenAnswerAsync(context, next, pending, options);
    }

    private static async Task AwaitThenAnswerAsync(ActionExecutingContext context, ActionExecutionDelegate next, ValueTask<WeChatCheckOutcome> pending, WeChatSecurityOptions options)
    {
        WeChatCheckOutcome outcome;
        try
        {
            outcome = await pending;
        }
        catch (WeChatInvalidContentException invalid)
        {
            outcome = WeChatCheckOutcome.InvalidContent(invalid);
        }

        await Answer(context, next, outcome, options);
    }

    private ValueTask<WeChatCheckOutcome> Run(ActionExecutingContext context, CheckPlan plan)
    {
        var values = new List<CollectedValue>(plan.Targets.Length);
        foreach (var target in plan.Targets)
        {
            if (context.ActionArguments.TryGetValue(target.Parameter.Name, out var argument) && argument is not null)
            {
                var prefix = target.Parameter.KeyPrefix ?? BoundPrefix(context.ModelState, target.Parameter.BoundName);
                _collector.Collect(target, argument, prefix, target.Check.Scene, values);
            }
        }

        return runner.RunAsync(context.HttpContext, values, plan.DisplayName);
    }

    private static Task Answer(ActionExecutingContext context, ActionExecutionDelegate next, WeChatCheckOutcome outcome, WeChatSecurityOptions options)
    {
        if (outcome.Kind == WeChatCheckOutcomeKind.Passed)
        {
            return next();
        }

        context.Result = WeChatProblems.Create(outcome, options);
        return Task.CompletedTask;
    }

    // MVC binds a complex value under the parameter's name only when the request used that name as a prefix
    // ("post.Title"); model binding has then recorded values under it.
    private static string BoundPrefix(ModelStateDictionary modelState, string name)
    {
        using var keys = modelState.FindKeysWithPrefix(name).GetEnumerator();
        return keys.MoveNext() ? name : string.Empty;
    }
}
