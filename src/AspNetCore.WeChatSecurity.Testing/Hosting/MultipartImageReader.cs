using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>
/// Reads an <c>img_sec_check</c> body as strictly as WeChat: a quoted boundary (what .NET's
/// <c>MultipartFormDataContent</c> sends by default), an unreadable body, no parts or a <c>media</c> part without a file
/// name give 41005; parts that are all named otherwise give 47001.
/// </summary>
internal static class MultipartImageReader
{
    public const string PartName = "media";

    public static async Task<MultipartImage> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Missing(null);
        }

        var boundary = mediaType.Boundary;
        if (boundary.Length == 0 || boundary.StartsWith("\"", StringComparison.Ordinal))
        {
            return Missing(null);
        }

        var reader = new MultipartReader(boundary.ToString(), new MemoryStream(body, writable: false));
        MultipartPart? first = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName;
                var part = new MultipartPart(
                    HeaderUtilities.RemoveQuotes(disposition.Name).ToString(),
                    fileName.HasValue ? HeaderUtilities.RemoveQuotes(fileName).ToString() : null,
                    section.ContentType);
                if (part.Name != PartName)
                {
                    first ??= part;
                    continue;
                }

                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, cancellationToken);
                var bytes = data.ToArray();
                var media = part with { Content = bytes };
                return string.IsNullOrEmpty(part.FileName) || bytes.Length == 0
                    ? Missing(media)
                    : new MultipartImage(0, media, bytes);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return Missing(first);
        }

        return first is null ? Missing(null) : new MultipartImage(EmulatorErrors.DataFormatError, first, null);
    }

    private static MultipartImage Missing(MultipartPart? part) => new(EmulatorErrors.MediaDataMissing, part, null);
}
