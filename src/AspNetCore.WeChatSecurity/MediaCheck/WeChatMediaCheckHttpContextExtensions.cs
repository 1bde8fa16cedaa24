using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.MediaCheck;

namespace Microsoft.AspNetCore.Http;

/// <summary>Reads, in an action, the checks <see cref="MediaSecCheckAttribute"/> submitted for the request.</summary>
public static class WeChatMediaCheckHttpContextExtensions
{
    /// <summary>Every check submitted for the request, in field order; empty when none was.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The pending checks, each with its <see cref="WeChatPendingCheck.Field"/> and <see cref="WeChatPendingCheck.CorrelationId"/>.</returns>
    public static IReadOnlyList<WeChatPendingCheck> GetWeChatMediaChecks(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<MediaChecksFeature>()?.Checks ?? [];
    }

    /// <summary>The check submitted for the (first) file of <paramref name="field"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="field">The form field named in <see cref="MediaSecCheckAttribute"/>.</param>
    /// <returns>The pending check.</returns>
    /// <exception cref="InvalidOperationException">No file of that field was submitted (no attribute names it, or the request had no such file).</exception>
    public static WeChatPendingCheck GetWeChatMediaCheck(this HttpContext context, string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        return context.GetWeChatMediaChecks().FirstOrDefault(check => string.Equals(check.Field, field, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No media of field '{field}' was submitted for this request: put [MediaSecCheck(\"{field}\")] on the action (or WithMediaSecCheck on the endpoint), and make the field required if the action needs it.");
    }
}
