namespace CommentsApi.Tests;

/// <summary>Images the sample's avatar endpoint is sent.</summary>
internal static class SampleImages
{
    public static MultipartFormDataContent Upload(string field, string fileName, byte[] content, string contentType = "image/png")
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, field, fileName } };
    }
}
