using System.Net;
using System.Net.Http.Json;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Tests.Mvc;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Checks;

/// <summary>
/// An application's own <see cref="IWeChatContentSecurity"/> that completes a check with null (despite the signature) is
/// a faulty check like any other: logged once as CheckerFailed, answered 503 whatever the failure mode, the action never
/// run. Before, the runner read the null as a verdict and the request ended as a 500 with a NullReferenceException.
/// </summary>
public sealed class NullVerdictTests
{
    // Two distinct texts, one of them twice: two checks.
    private static readonly string[] Tags = ["one", "two", "one"];

    // One value answered at once, one answered later, several values (each path of the runner), an image; MVC and minimal.
    public static TheoryData<string, bool> Requests => new()
    {
        { "mvc-one", false },
        { "mvc-one", true },
        { "mvc-many", false },
        { "mvc-many", true },
        { "minimal-one", false },
        { "minimal-one", true },
        { "minimal-image", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ANullVerdict_Is503_LoggedOnceAsCheckerFailed_WhateverTheFailureMode(string request, bool answerLater)
    {
        foreach (var mode in new[] { WeChatFailureMode.Block, WeChatFailureMode.Allow })
        {
            var host = new FilterTestHost
            {
                Controllers = [typeof(WeChatSecurityActionFilterTests.PostsController)],
                Options = o => o.FailureMode = mode,
                Map = app =>
                {
                    app.MapPost("/minimal", ([FromQuery] string comment) => "published").WithMsgSecCheck("comment");
                    app.MapPost("/minimal/avatar", (IFormFile avatar) => "published").WithImgSecCheck("avatar").DisableAntiforgery();
                },
            };
            host.Security.NullVerdicts = true;
            host.Security.AnswerLater = answerLater;
            await using var app = await host.StartAsync();
            var client = app.GetTestClient();

            using var response = request switch
            {
                "mvc-one" => await client.PostAsync("/api/posts/comment?comment=hello", null),
                "mvc-many" => await client.PostAsJsonAsync("/api/posts/tags", new { title = "t", tags = Tags }),
                "minimal-one" => await client.PostAsync("/minimal?comment=hello", null),
                _ => await client.PostAsync("/minimal/avatar", FilterTestHost.Files(("avatar", "a.png", "PNG image"))),
            };

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("published", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var failed = host.Logs.GetSnapshot().Where(e => e.Id.Name == nameof(WeChatCheckLog.CheckerFailed)).ToList();
            var distinctChecks = request == "mvc-many" ? 2 : 1;
            Assert.Equal(distinctChecks, failed.Count);
            Assert.All(failed, e =>
            {
                Assert.Equal(LogLevel.Error, e.Level);
                var exception = Assert.IsType<InvalidOperationException>(e.Exception);
                Assert.Contains("null WeChatVerdict", exception.Message, StringComparison.Ordinal);
                Assert.Contains(typeof(ScriptedContentSecurity).FullName!, exception.Message, StringComparison.Ordinal);
            });
            Assert.DoesNotContain(host.Logs.GetSnapshot(), e => e.Id.Name == nameof(WeChatCheckLog.UnavailableAllowed));
        }
    }
}
