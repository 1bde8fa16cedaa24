using System.Net;

namespace AspNetCore.WeChatSecurity.Tests.Responses;

/// <summary>What an upload over an endpoint's request size limit gets, from MVC actions and minimal APIs alike.</summary>
internal static class UploadTooLarge
{
    /// <summary>413 ProblemDetails with the limit stated once under each file field, and under no other key.</summary>
    public static async Task AssertAsync(HttpResponseMessage response, string limit, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await FilterTestHost.ReadJsonAsync(response)).GetProperty("errors");
        Assert.Equal(fields, errors.EnumerateObject().Select(error => error.Name));
        foreach (var field in fields)
        {
            var message = Assert.Single(errors.GetProperty(field).EnumerateArray()).GetString();
            Assert.Equal($"The upload is larger than this endpoint accepts: at most {limit} bytes.", message);
        }
    }
}
