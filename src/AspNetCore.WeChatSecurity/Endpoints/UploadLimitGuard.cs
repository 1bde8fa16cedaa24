using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// Endpoint metadata naming the file fields a minimal API endpoint checks, added when its checks are built; with it the
/// endpoint's request delegate reads the form first, because a minimal API binds the form before any endpoint filter
/// runs and answers a body over the limit with a bare 413.
/// </summary>
internal sealed class UploadLimitGuard
{
    private readonly HashSet<string> _fields = new(StringComparer.Ordinal);
    private bool _wrapped;

    private UploadLimitGuard()
    {
    }

    /// <summary>Records <paramref name="field"/> as a checked file field of the endpoint.</summary>
    public static void AddField(EndpointBuilder endpointBuilder, string field)
    {
        var guard = endpointBuilder.Metadata.OfType<UploadLimitGuard>().FirstOrDefault();
        if (guard is null)
        {
            guard = new UploadLimitGuard();
            endpointBuilder.Metadata.Add(guard);
        }

        guard._fields.Add(field);
    }

    /// <summary>For <c>Finally</c>: wraps the request delegate of an endpoint that checks files, once.</summary>
    public static void Wrap(EndpointBuilder endpointBuilder)
    {
        var guard = endpointBuilder.Metadata.OfType<UploadLimitGuard>().FirstOrDefault();
        if (guard is null || guard._wrapped || endpointBuilder.RequestDelegate is not { } inner)
        {
            return;
        }

        guard._wrapped = true;
        var fields = guard._fields.ToArray();

        // Resolved once for the endpoint, as MVC's filter gets it, rather than from each upload's request services.
        var formOptions = endpointBuilder.ApplicationServices.GetRequiredService<IOptions<FormOptions>>();
        endpointBuilder.RequestDelegate = httpContext => httpContext.Request.HasFormContentType
            ? ReadFormThenContinueAsync(httpContext, inner, fields, formOptions)
            : inner(httpContext);
    }

    private static async Task ReadFormThenContinueAsync(HttpContext httpContext, RequestDelegate inner, string[] fields, IOptions<FormOptions> formOptions)
    {
        if (await UploadLimit.ReadFormAsync(httpContext, formOptions.Value, fields) is not { } refusal)
        {
            await inner(httpContext);
            return;
        }

        await refusal.ExecuteAsync(httpContext);
    }
}
