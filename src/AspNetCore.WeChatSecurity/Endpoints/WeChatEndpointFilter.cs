using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// The endpoint filter of a minimal API with checks: built once per endpoint by <see cref="Create"/>, which maps field
/// names to argument positions; at request time it reads the bound arguments.
/// </summary>
internal sealed class WeChatEndpointFilter(CheckPlan plan, WeChatCheckRunner runner, EndpointFilterDelegate next)
{
    private readonly OneTextTarget? one = plan.OneText;

    /// <summary>Builds the filter for the endpoint <paramref name="endpointBuilder"/> describes, or returns <paramref name="next"/> when it has nothing to check.</summary>
    /// <exception cref="InvalidOperationException">The services are missing, or a field name matches nothing.</exception>
    public static EndpointFilterDelegate Create(EndpointBuilder endpointBuilder, EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = EndpointCheckPlanBuilder.SelectChecks(endpointBuilder.Metadata);
        if (checks.Count == 0)
        {
            return next;
        }

        var services = context.ApplicationServices;
        var runner = services.GetService<WeChatCheckRunner>()
            ?? throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddWeChatContentSecurity(...)' in the application startup code.");
        var owner = endpointBuilder.DisplayName ?? context.MethodInfo.Name;
        var plan = EndpointCheckPlanBuilder.Build(owner, context.MethodInfo, endpointBuilder.Metadata, checks, services.GetService<IServiceProviderIsService>());

        // Only a route group's checks, none of which finds anything here to check.
        if (plan.Targets.Length == 0)
        {
            return next;
        }

        foreach (var target in plan.Targets.Where(t => t.Check.Kind == WeChatCheckKind.Image))
        {
            UploadLimitGuard.AddField(endpointBuilder, target.FieldKey);
        }

        return MediaSecCheckEndpointConvention.CountFilesBefore(endpointBuilder, services, new WeChatEndpointFilter(plan, runner, next).InvokeAsync);
    }

    // A cached verdict completes synchronously: then the handler's own task is returned as it is, without an async frame
    // of ours around it. One string (the usual case) is read where the plan says, with no list of values; with its
    // verdict in memory (most checked requests) it is answered here without starting a check.
    private ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation)
    {
        if (one is null)
        {
            return CheckAll(invocation);
        }

        if (ReadOne(invocation, one) is not { } text)
        {
            return next(invocation);
        }

        if (runner.FromMemory(invocation.HttpContext, text, one.Scene, out var openId) is { } verdict)
        {
            return runner.Rejects(verdict) ? ValueTask.FromResult<object?>(Rejected(one, text, verdict)) : next(invocation);
        }

        return CheckOne(invocation, one, text, openId);
    }

    private WeChatProblemResult Rejected(OneTextTarget one, string text, WeChatVerdict verdict) =>
        runner.Rejected(new CollectedValue(KeyOf(one.Target), one.Scene, text, null), verdict, plan.DisplayName);

    private ValueTask<object?> CheckOne(EndpointFilterInvocationContext invocation, OneTextTarget one, string text, string? openId) =>
        Continue(invocation, runner.CheckOneAsync(invocation.HttpContext, new CollectedValue(KeyOf(one.Target), one.Scene, text, null), openId, plan.DisplayName));

    private ValueTask<object?> CheckAll(EndpointFilterInvocationContext invocation)
    {
        ValueTask<WeChatProblemResult?> pending;
        try
        {
            pending = runner.RunAsync(invocation.HttpContext, Collect(invocation), plan.DisplayName);
        }
        catch (WeChatInvalidContentException invalid)
        {
            return Answer(invocation, next, WeChatProblems.InvalidContent(invalid));
        }

        return Continue(invocation, pending);
    }

    private ValueTask<object?> Continue(EndpointFilterInvocationContext invocation, ValueTask<WeChatProblemResult?> pending) =>
        pending.IsCompletedSuccessfully
            ? Answer(invocation, next, pending.Result)
            : AwaitThenAnswerAsync(invocation, next, pending);

    // The runner answers every failure of a check it started, invalid content included, so nothing is caught here.
    private static async ValueTask<object?> AwaitThenAnswerAsync(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next,
        ValueTask<WeChatProblemResult?> pending) =>
        await Answer(invocation, next, await pending);

    private List<CollectedValue> Collect(EndpointFilterInvocationContext invocation)
    {
        var arguments = invocation.Arguments;
        var values = new List<CollectedValue>(plan.Targets.Length);
        var budget = runner.BudgetFor(plan.DisplayName);
        foreach (var target in plan.Targets)
        {
            if (target.Parameter.Index < arguments.Count && arguments[target.Parameter.Index] is { } argument)
            {
                ValueCollector.ByPropertyName.Collect(target, argument, target.Parameter.KeyPrefix ?? string.Empty, values, budget);
            }
        }

        return values;
    }

    private static string? ReadOne(EndpointFilterInvocationContext invocation, OneTextTarget one)
    {
        var index = one.ParameterIndex;
        var arguments = invocation.Arguments;
        return index < arguments.Count && arguments[index] is { } argument ? one.ReadText(argument) : null;
    }

    private static string KeyOf(CheckTarget one) => one.PlannedKey ?? one.KeyUnder(string.Empty);

    private static ValueTask<object?> Answer(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, WeChatProblemResult? answer) =>
        answer is null ? next(invocation) : ValueTask.FromResult<object?>(answer);
}
