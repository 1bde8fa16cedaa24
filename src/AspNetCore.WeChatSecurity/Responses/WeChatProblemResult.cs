using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Responses;

/// <summary>
/// Writes a ProblemDetails through the application's <see cref="IProblemDetailsService"/>, so that its
/// <c>CustomizeProblemDetails</c> and writers apply. When no writer accepts the request (its Accept header rules out
/// JSON), only the status code and headers are sent.
/// </summary>
internal sealed class WeChatProblemResult(ProblemDetails problem, int? retryAfterSeconds) : IResult
{
    public ProblemDetails Problem { get; } = problem;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = Problem.Status ?? StatusCodes.Status500InternalServerError;
        if (retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var service = httpContext.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null)
        {
            await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = Problem });
        }
    }
}
