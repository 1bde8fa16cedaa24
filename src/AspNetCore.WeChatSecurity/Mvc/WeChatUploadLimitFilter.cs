using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// For actions that check uploads: reads the form before model binding, so that a body over the request size limit
/// (<c>[RequestSizeLimit]</c>, <c>[RequestFormLimits]</c>, Kestrel's default) is answered 413 ProblemDetails that states
/// the limit under each checked file field. Without it, model binding turns the failure into a 400 "validation error"
/// keyed by an empty name, which no form can show next to the file input. Added by
/// <see cref="WeChatSecurityApplicationModelProvider"/> to the actions that check images or carry
/// <see cref="MediaSecCheckAttribute"/>, with the keys of their file fields worked out at start.
/// </summary>
internal sealed class WeChatUploadLimitFilter(string[] fileKeys, IOptions<FormOptions> formOptions)
    : IAsyncResourceFilter, IOrderedFilter
{
    /// <summary>After <c>[RequestSizeLimit]</c> and <c>[RequestFormLimits]</c> (900), which set the limits this filter meets.</summary>
    public const int FilterOrder = 1000;

    public int Order => FilterOrder;

    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return context.HttpContext.Request.HasFormContentType ? ReadFormThenContinueAsync(context, next) : next();
    }

    private async Task ReadFormThenContinueAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        if (await UploadLimit.ReadFormAsync(context.HttpContext, formOptions.Value, fileKeys) is not { } refusal)
        {
            await next();
            return;
        }

        context.Result = refusal;
    }
}
