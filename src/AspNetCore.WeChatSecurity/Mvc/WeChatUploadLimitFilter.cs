using System.Globalization;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// For actions that check uploads: reads the form before model binding, so that a body over the request size limit
/// (<c>[RequestSizeLimit]</c>, <c>[RequestFormLimits]</c>, Kestrel's default) is answered 413 ProblemDetails that states
/// the limit under each checked file field. Without it, model binding turns the failure into a 400 "validation error"
/// keyed by an empty name, which no form can show next to the file input.
/// </summary>
internal sealed class WeChatUploadLimitFilter(IOptions<WeChatSecurityOptions> options, IOptions<FormOptions> formOptions)
    : IAsyncResourceFilter
{
    /// <summary>After <c>[RequestSizeLimit]</c> and <c>[RequestFormLimits]</c> (900), which set the limits this filter meets.</summary>
    public const int FilterOrder = 1000;

    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.ActionDescriptor.Properties.TryGetValue(typeof(CheckPlan), out var value)
            || value is not CheckPlan plan
            || !plan.Targets.Any(t => t.Check.Kind == WeChatCheckKind.Image)
            || !context.HttpContext.Request.HasFormContentType)
        {
            return next();
        }

        return ReadFormThenContinueAsync(context, next, plan);
    }

    private async Task ReadFormThenContinueAsync(ResourceExecutingContext context, ResourceExecutionDelegate next, CheckPlan plan)
    {
        var httpContext = context.HttpContext;
        string? detail = null;
        try
        {
            // Model binding reads the same, cached form afterwards.
            await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            detail = TooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize);
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's limits (multipart body length, value count...) say so only in their message.
            detail = exception.Message.Contains("Multipart body length", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(MultipartLimit(httpContext))
                : $"The upload exceeds a limit of this endpoint's form reader: {exception.Message}";
        }

        if (detail is null)
        {
            await next();
            return;
        }

        var keys = plan.Targets.Where(t => t.Check.Kind == WeChatCheckKind.Image).Select(KeyOf).Distinct(StringComparer.Ordinal).ToList();
        var outcome = WeChatCheckOutcome.InvalidContent(WeChatInvalidContentReason.TooLarge, detail, keys);
        context.Result = WeChatProblems.Create(outcome, options.Value);
    }

    private long? MultipartLimit(HttpContext httpContext) =>
        httpContext.GetEndpoint()?.Metadata.GetMetadata<IFormOptionsMetadata>()?.MultipartBodyLengthLimit
        ?? formOptions.Value.MultipartBodyLengthLimit;

    private static string TooLarge(long? limit) => limit is { } bytes
        ? string.Create(CultureInfo.InvariantCulture, $"The upload is larger than this endpoint accepts: at most {bytes:N0} bytes.")
        : "The upload is larger than this endpoint accepts.";

    // The key an error about the field gets, as model validation names it: the form field of a file parameter, the
    // property path of a file inside a bound object.
    private static string KeyOf(CheckTarget target)
    {
        var prefix = target.Parameter.KeyPrefix ?? string.Empty;
        var path = string.Join('.', target.Path.Select(step => step.KeyName));
        return (prefix, path) switch
        {
            (_, "") => prefix.Length > 0 ? prefix : target.Parameter.BoundName,
            ("", _) => path,
            _ => $"{prefix}.{path}",
        };
    }
}
