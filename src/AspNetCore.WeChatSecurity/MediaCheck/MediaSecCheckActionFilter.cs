using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Runs an action's <see cref="MediaSecCheckAttribute"/>s (the controller's, then the action's own) after the
/// synchronous checks, so that nothing is submitted for a request they reject. Added by
/// <c>WeChatSecurityApplicationModelProvider</c> only to the actions that carry the attribute, with the attributes
/// found at start, so that other actions never meet it.
/// </summary>
internal sealed class MediaSecCheckActionFilter(MediaSecCheckAttribute[] attributes, MediaSecCheckRunner runner)
    : IAsyncActionFilter, IOrderedFilter
{
    /// <summary>After the synchronous checks' filter (-1000), before the application's own action filters (0).</summary>
    public const int FilterOrder = -900;

    public int Order => FilterOrder;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (await runner.SubmitAsync(context.HttpContext, attributes) is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }
}
