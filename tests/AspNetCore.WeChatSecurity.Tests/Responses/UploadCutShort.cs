using System.Net;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

/// <summary>What a checked upload whose multipart form ends early gets, from MVC actions and minimal APIs alike.</summary>
internal static class UploadCutShort
{
    /// <summary>400 ProblemDetails, not a 500, saying the form is incomplete, under the file field and no other key.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        Assert.Equal([field], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("not a complete multipart form", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
