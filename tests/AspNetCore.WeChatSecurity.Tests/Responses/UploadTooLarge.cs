using System.Net;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

/// <summary>
/// What an upload over an endpoint's request size or multipart body length limit gets, from MVC actions and minimal
/// APIs alike.
/// </summary>
internal static class UploadTooLarge
{
    /// <summary>413 ProblemDetails stating the limit as its detail and once under each file field, and under no other key.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, string limit, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await FilterTestHost.ReadJsonAsync(response);
        var expected = $"The upload is larger than this endpoint accepts: at most {limit} bytes.";
        Assert.Equal(expected, body.GetProperty("detail").GetString());
        var errors = body.GetProperty("errors");
        Assert.Equal(fields, errors.EnumerateObject().Select(error => error.Name));
        foreach (var field in fields)
        {
            Assert.Equal(expected, Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString());
        }
    }
}
