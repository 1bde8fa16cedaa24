using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Middleware;

/// <summary>
/// Answers the library's exceptions thrown downstream (by <c>IWeChatContentSecurity.Ensure…</c> in a controller, a
/// minimal API or another middleware) with the responses the filters write. Other exceptions, and any exception once
/// the response has started, go on up unchanged.
/// </summary>
/// <remarks>
/// <see cref="WeChatApiException"/> (the check was asked wrongly) is answered 503 without Retry-After and logged as an
/// error. <see cref="WeChatUnavailableException"/> is answered 503 whatever <see cref="WeChatSecurityOptions.FailureMode"/>
/// says: by the time it reaches here the code that would have used the content has already given up.
/// </remarks>
internal sealed class WeChatContentSecurityMiddleware(
    RequestDelegate next,
    IOptionsMonitor<WeChatSecurityOptions> options,
    ILogger<WeChatContentSecurityMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
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

    private static bool IsHandled(Exception exception) => exception is WeChatContentSecurityException;

    private Task HandleAsync(HttpContext context, Exception exception)
    {
        var result = exception switch
        {
            WeChatContentRejectedException rejected => WeChatProblems.Rejected([(rejected.Field, rejected.Verdict)], options.CurrentValue.RejectionMessage),
            WeChatInvalidContentException invalid => WeChatProblems.InvalidContent(invalid),
            WeChatUnavailableException notAnswered => WeChatProblems.Unavailable(notAnswered.RetryAfter),
            _ => WeChatProblems.Failed(),
        };

        var target = context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value ?? string.Empty;
        if (exception is WeChatUnavailableException unavailable)
        {
            WeChatCheckLog.UnavailableInAction(logger, target, unavailable.Reason.ToString());
        }
        else if (exception is WeChatApiException)
        {
            WeChatCheckLog.CheckerFailed(logger, exception, target);
        }
        else
        {
            WeChatCheckLog.ExceptionHandled(logger, target, result.Problem.Status ?? 0);
        }

        context.Response.Clear();
        return result.ExecuteAsync(context);
    }
}
