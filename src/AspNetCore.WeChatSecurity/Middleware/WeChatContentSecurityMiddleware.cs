using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Middleware;

/// <summary>
/// Answers the library's exceptions thrown downstream (by <c>IWeChatContentSecurity.Ensure…</c> in a controller, a
/// minimal API or another middleware) with the responses the filters write. Other exceptions, and any exception once
/// the response has started, go on up unchanged.
/// </summary>
/// <remarks>
/// <see cref="WeChatUnavailableException"/> is answered 503 whatever <see cref="WeChatSecurityOptions.FailureMode"/>
/// says: by the time it reaches here the code that would have used the content has already given up.
/// </remarks>
internal sealed class WeChatContentSecurityMiddleware(
    RequestDelegate next,
    IOptionsMonitor<WeChatSecurityOptions> options,
    ILogger<WeChatContentSecurityMiddleware> logger)
{
    private volatile bool _endpointsChecked;

    public Task InvokeAsync(HttpContext context)
    {
        // Endpoints are static configuration: checked once, when every one of them is mapped, not on each request.
        if (!_endpointsChecked)
        {
            EnsureChecksRun(context.RequestServices.GetService<EndpointDataSource>());
        }

        Task task;
        try
        {
            task = next(context);
        }
        catch (Exception exception) when (IsHandled(exception) && !context.Response.HasStarted)
        {
            return HandleAsync(context, exception);
        }

        return task.IsCompletedSuccessfully ? task : AwaitAsync(context, task);
    }

    private async Task AwaitAsync(HttpContext context, Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (IsHandled(exception) && !context.Response.HasStarted)
        {
            await HandleAsync(context, exception);
        }
    }

    private static bool IsHandled(Exception exception) =>
        exception is WeChatContentRejectedException or WeChatInvalidContentException or WeChatUnavailableException;

    private Task HandleAsync(HttpContext context, Exception exception)
    {
        var outcome = exception switch
        {
            WeChatContentRejectedException rejected => WeChatCheckOutcome.Rejected([new WeChatFieldRejection(rejected.Field, rejected.Verdict)]),
            WeChatInvalidContentException invalid => WeChatCheckOutcome.InvalidContent(invalid),
            _ => WeChatCheckOutcome.Unavailable(((WeChatUnavailableException)exception).RetryAfter),
        };

        var result = WeChatProblems.CreateResult(outcome, options.CurrentValue);
        var target = context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value ?? string.Empty;
        if (exception is WeChatUnavailableException unavailable)
        {
            WeChatCheckLog.UnavailableBlocked(logger, target, unavailable.Reason.ToString());
        }
        else
        {
            WeChatCheckLog.ExceptionHandled(logger, target, result.Problem.Status ?? 0);
        }

        context.Response.Clear();
        return result.ExecuteAsync(context);
    }

    // An attribute on a minimal API handler installs nothing by itself; content it names would be published unchecked.
    // Until every endpoint passes, every request fails: a misconfigured app must not serve at all.
    private void EnsureChecksRun(EndpointDataSource? endpoints)
    {
        foreach (var endpoint in endpoints?.Endpoints ?? [])
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<IWeChatCheckMetadata>() is not null
                && metadata.GetMetadata<WeChatEndpointFilterMarker>() is null
                && metadata.GetMetadata<ActionDescriptor>() is null)
            {
                throw new InvalidOperationException(
                    $"Endpoint '{endpoint.DisplayName}' declares [MsgSecCheck] or [ImgSecCheck] but nothing runs them. Call .WithWeChatSecurityChecks() on the endpoint or its route group.");
            }
        }

        _endpointsChecked = true;
    }
}
