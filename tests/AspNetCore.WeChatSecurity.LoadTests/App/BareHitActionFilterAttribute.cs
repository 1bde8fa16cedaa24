using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// An action filter doing only what <see cref="BareHit"/> says any cache hit must do, placed where the library's check
/// filter runs (an instance MVC caches, ordered -1000): on the bare action it measures the floor of a hit's own work.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BareHitActionFilterAttribute : Attribute, IAsyncActionFilter, IOrderedFilter
{
    public int Order => -1000;

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.ActionArguments.TryGetValue("request", out var argument) && BareHit.Rejects((argument as LoadComment)?.Comment))
        {
            context.Result = new UnprocessableEntityResult();
            return Task.CompletedTask;
        }

        return next();
    }
}
