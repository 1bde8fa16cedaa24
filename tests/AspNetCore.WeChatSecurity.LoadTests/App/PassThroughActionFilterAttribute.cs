using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>
/// An action filter that only hands the request on, placed where the library's check filter runs (an instance MVC
/// caches, ordered -1000, returning <c>next()</c> as it is): on the floor action it measures what ASP.NET Core's
/// action-filter stage costs by itself, the part of a cache hit that no filter can avoid.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PassThroughActionFilterAttribute : Attribute, IAsyncActionFilter, IOrderedFilter
{
    public int Order => -1000;

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) => next();
}
