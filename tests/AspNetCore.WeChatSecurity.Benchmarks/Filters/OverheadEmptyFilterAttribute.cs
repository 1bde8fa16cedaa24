using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>An action filter that does nothing: what MVC charges for running any asynchronous action filter at all.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OverheadEmptyFilterAttribute : Attribute, IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) => next();
}
