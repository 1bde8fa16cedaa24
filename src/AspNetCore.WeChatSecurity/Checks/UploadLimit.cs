using System.Globalization;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Reads the form of a request that uploads checked files before anything binds it, so that a body over the request
/// size or form limits is answered 413 ProblemDetails stating the limit under the file field, and a form cut short 400,
/// for MVC and minimal APIs alike (model binding would answer 400 keyed by an empty name; minimal APIs a bare 413).
/// </summary>
internal static class UploadLimit
{
    /// <summary>
    /// Null when the form was read (binding then reads the same, cached form); otherwise the answer, under
    /// <paramref name="fileKeys"/>, saying why it could not be: a limit it broke (413) or a body that is not a
    /// well-formed form (400).
    /// </summary>
    public static async Task<WeChatProblemResult?> ReadFormAsync(HttpContext httpContext, FormOptions defaults, IReadOnlyList<string> fileKeys)
    {
        try
        {
            await httpContext.Request.ReadFormAsync(httpContext.RequestAborted);
            return null;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return WeChatProblems.InvalidContent(WeChatInvalidContentReason.TooLarge, TooLarge(httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize), fileKeys);
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // The form reader's limits (multipart body length, value count...) say so only in their message.
            return WeChatProblems.InvalidContent(
                WeChatInvalidContentReason.TooLarge,
                exception.Message.Contains("Multipart body length", StringComparison.OrdinalIgnoreCase)
                    ? TooLarge(httpContext.GetEndpoint()?.Metadata.GetMetadata<IFormOptionsMetadata>()?.MultipartBodyLengthLimit ?? defaults.MultipartBodyLengthLimit)
                    : $"The upload exceeds a limit of this endpoint's form reader: {exception.Message}",
                fileKeys);
        }
        catch (Exception exception) when ((exception is BadHttpRequestException or InvalidDataException or IOException) && !httpContext.RequestAborted.IsCancellationRequested)
        {
            // A body cut short or a multipart form without its boundaries: the client's mistake, answered 400 as binding
            // would, never a 500. A client that went away needs no answer.
            return WeChatProblems.InvalidContent(WeChatInvalidContentReason.Unreadable, $"The upload is not a complete multipart form: {exception.Message}", fileKeys);
        }
    }

    private static string TooLarge(long? limit) => limit is { } bytes
        ? string.Create(CultureInfo.InvariantCulture, $"The upload is larger than this endpoint accepts: at most {bytes:N0} bytes.")
        : "The upload is larger than this endpoint accepts.";
}
