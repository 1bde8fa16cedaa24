using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Answers 413 for more <see cref="MediaSecCheckAttribute"/> files than <see cref="WeChatMediaCheckOptions.MaxChecksPerRequest"/>
/// before the action's text and image checks run: <see cref="MediaSecCheckActionFilter"/> comes after them, so that
/// nothing is submitted for a request they refuse, and their calls would otherwise be spent on a request refused for its
/// files. Added by <c>WeChatSecurityApplicationModelProvider</c> only to the actions with both kinds of checks.
/// </summary>
internal sealed class MediaFilesLimitFilter(MediaSecCheckAttribute[] attributes, MediaSecCheckRunner runner)
    : IAsyncActionFilter, IOrderedFilter
{
    /// <summary>After <c>ModelStateInvalidFilter</c> (-2000), before the synchronous checks' filter (-1000).</summary>
    public const int FilterOrder = -1500;

    public int Order => FilterOrder;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (await runner.RefuseAsync(context.HttpContext, attributes) is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }
}
