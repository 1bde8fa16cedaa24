using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Reads the form of a request that uploads checked files before anything binds it, so that a body over the request
/// size or form limits is answered 413 ProblemDetails stating the limit under the file field, for MVC and minimal APIs
/// alike (model binding would answer 400 keyed by an empty name; minimal APIs a bare 413).
/// </summary>
internal static class UploadLimit
{
    /// <summary>Null when the form was read (binding then reads the same, cached form); otherwise the limit it broke, for <c>detail</c>.</summary>
    public static async Task<string?> ReadFormAsync(HttpContext httpContext, FormOptions defaults)
    {
        try
        {
            await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
            return null;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize);
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's limits (multipart body length, value count...) say so only in their message.
            return exception.Message.Contains("Multipart body length", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(httpContext.GetEndpoint()?.Metadata.GetMetadata<IFormOptionsMetadata>()?.MultipartBodyLengthLimit ?? defaults.MultipartBodyLengthLimit)
                : $"The upload exceeds a limit of this endpoint's form reader: {exception.Message}";
        }
    }

    /// <summary>
    /// The key an error about the file gets, as model validation names it: the form field of a file parameter, the
    /// property path of a file inside a bound object.
    /// </summary>
    public static string KeyOf(CheckTarget target)
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

    private static string TooLarge(long? limit) => limit is { } bytes
        ? string.Create(CultureInfo.InvariantCulture, $"The upload is larger than this endpoint accepts: at most {bytes:N0} bytes.")
        : "The upload is larger than this endpoint accepts.";
}
