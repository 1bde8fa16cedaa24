using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Responses;

/// <summary>
/// The library's one answer, with a thin adapter for each side. Minimal APIs and the middleware write it through the
/// application's <see cref="IProblemDetailsService"/>, so that its <c>CustomizeProblemDetails</c> and writers apply
/// (when no writer accepts the request, only the status code and headers are sent); MVC writes it as MVC writes
/// problems, after the same customisation.
/// </summary>
internal sealed class WeChatProblemResult(ProblemDetails problem, int? retryAfterSeconds) : IResult, IActionResult
{
    private const string TraceIdExtension = "traceId";

    public ProblemDetails Problem { get; } = problem;

    /// <summary>
    /// MVC's entry: the body MVC's <c>ProblemDetailsFactory</c> would give (the status's link and title, the trace id),
    /// then the application's <c>CustomizeProblemDetails</c>, which so sees the finished body, our extensions included,
    /// written with MVC's content negotiation.
    /// </summary>
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.HttpContext;
        var status = Start(httpContext);
        var services = httpContext.RequestServices;
        if (services.GetService<IOptions<ApiBehaviorOptions>>()?.Value.ClientErrorMapping.TryGetValue(status, out var mapping) == true)
        {
            Problem.Type ??= mapping.Link;
            Problem.Title ??= mapping.Title;
        }

        Problem.Extensions.TryAdd(TraceIdExtension, Activity.Current?.Id ?? httpContext.TraceIdentifier);
        services.GetService<IOptions<ProblemDetailsOptions>>()?.Value.CustomizeProblemDetails?.Invoke(
            new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = Problem });
        return new ObjectResult(Problem)
        {
            StatusCode = status,
            ContentTypes = { WeChatProblemConstants.ProblemJsonContentType, WeChatProblemConstants.ProblemXmlContentType },
        }.ExecuteResultAsync(context);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        Start(httpContext);
        var service = httpContext.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null)
        {
            await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = Problem });
        }
    }

    private int Start(HttpContext httpContext)
    {
        var status = Problem.Status ?? StatusCodes.Status500InternalServerError;
        httpContext.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return status;
    }
}
