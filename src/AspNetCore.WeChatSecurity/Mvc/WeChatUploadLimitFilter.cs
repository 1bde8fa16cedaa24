using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// For actions that check uploads: reads the form before model binding, so that a body over the request size limit
/// (<c>[RequestSizeLimit]</c>, <c>[RequestFormLimits]</c>, Kestrel's default) is answered 413 ProblemDetails that states
/// the limit under each checked file field. Without it, model binding turns the failure into a 400 "validation error"
/// keyed by an empty name, which no form can show next to the file input.
/// </summary>
internal sealed class WeChatUploadLimitFilter(IOptions<WeChatSecurityOptions> options, IOptions<FormOptions> formOptions)
    : IAsyncResourceFilter
{
    /// <summary>After <c>[RequestSizeLimit]</c> and <c>[RequestFormLimits]</c> (900), which set the limits this filter meets.</summary>
    public const int FilterOrder = 1000;

    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.ActionDescriptor.Properties.TryGetValue(typeof(CheckPlan), out var value)
            || value is not CheckPlan plan
            || !plan.Targets.Any(t => t.Check.Kind == WeChatCheckKind.Image)
            || !context.HttpContext.Request.HasFormContentType)
        {
            return next();
        }

        return ReadFormThenContinueAsync(context, next, plan);
    }

    private async Task ReadFormThenContinueAsync(ResourceExecutingContext context, ResourceExecutionDelegate next, CheckPlan plan)
    {
        if (await UploadLimit.ReadFormAsync(context.HttpContext, formOptions.Value) is not { } detail)
        {
            await next();
            return;
        }

        var keys = plan.Targets.Where(t => t.Check.Kind == WeChatCheckKind.Image).Select(UploadLimit.KeyOf).Distinct(StringComparer.Ordinal).ToList();
        var outcome = WeChatCheckOutcome.InvalidContent(WeChatInvalidContentReason.TooLarge, detail, keys);
        context.Result = WeChatProblems.Create(outcome, options.Value);
    }
}
