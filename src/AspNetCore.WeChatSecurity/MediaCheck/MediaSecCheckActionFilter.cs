using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>Runs <see cref="MediaSecCheckAttribute"/> for MVC actions, after the synchronous checks (nothing is submitted for a request they reject).</summary>
internal sealed class MediaSecCheckActionFilter(MediaSecCheckRunner runner) : IAsyncActionFilter
{
    public const int FilterOrder = -900;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var attributes = context.ActionDescriptor.EndpointMetadata.OfType<MediaSecCheckAttribute>().ToList();
        if (attributes.Count == 0)
        {
            await next();
            return;
        }

        if (await runner.SubmitAsync(context.HttpContext, attributes) is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }
}
