using System.Net;
using System.Net.Http.Json;
using System.Text;
using AspNetCore.WeChatSecurity.Testing;
using AspNetCore.WeChatSecurity.Tests.Integration;
using AspNetCore.WeChatSecurity.Tests.MediaCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Tests.Endpoints;

/// <summary>
/// A route group's named check behaves as a controller's: it checks the endpoints where its field matches, passes over
/// the others, and stops the start when it matches none of them; an endpoint's own check still must match there.
/// </summary>
public sealed class RouteGroupCheckTests
{
    [Fact]
    public async Task GroupTextCheck_ChecksTheFieldWhereItMatches_AndPassesOverAnEndpointWithoutIt()
    {
        await using var app = await IntegrationApp.StartAsync(endpoints: app =>
        {
            var posts = app.MapGroup("/posts").WithMsgSecCheck("Title");
            posts.MapPost("/", (IntegrationComment post) => Results.Ok(new { post.Title }));
            posts.MapGet("/{id}", (int id) => Results.Ok(new { id }));
        });

        using var risky = await app.Client.PostAsJsonAsync("/posts/", new { articleId = "a1", title = WeChatEmulatorOptions.OfficialRiskyText1, comment = "好的" });
        var callsForRisky = app.TextCalls;
        using var read = await app.Client.GetAsync("/posts/7");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, risky.StatusCode);
        Assert.Equal(["Title"], await IntegrationApp.ErrorKeysAsync(risky));
        Assert.Equal(1, callsForRisky);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task OuterGroupsCheck_AppliesAcrossItsNestedGroups()
    {
        await using var app = await IntegrationApp.StartAsync(endpoints: app =>
        {
            var outer = app.MapGroup("/outer").WithMsgSecCheck("Title");
            outer.MapGet("/{id}", (int id) => Results.Ok(new { id }));
            outer.MapGroup("/inner").MapPost("/", (IntegrationComment post) => Results.Ok(new { post.Title }));
        });

        using var risky = await app.Client.PostAsJsonAsync("/outer/inner/", new { articleId = "a1", title = WeChatEmulatorOptions.OfficialRiskyText2 });
        using var read = await app.Client.GetAsync("/outer/7");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, risky.StatusCode);
        Assert.Equal(["Title"], await IntegrationApp.ErrorKeysAsync(risky));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, app.TextCalls);
    }

    [Fact]
    public async Task GroupImageCheck_ChecksTheNamedFile_AndPassesOverAnEndpointWithoutIt()
    {
        await using var app = await IntegrationApp.StartAsync(endpoints: app =>
        {
            var profiles = app.MapGroup("/profiles").WithImgSecCheck("avatar").DisableAntiforgery();
            profiles.MapPost("/avatar", (IFormFile avatar) => Results.Ok(new { avatar.Length }));
            profiles.MapPost("/cover", (IFormFile cover) => Results.Ok(new { cover.Length }));
        });

        using var avatar = IntegrationApp.Upload("avatar", "a.png", WeChatEmulator.RiskyTestImage.ToArray());
        using var risky = await app.Client.PostAsync("/profiles/avatar", avatar);
        using var cover = IntegrationApp.Upload("cover", "c.png", WeChatEmulator.RiskyTestImage.ToArray());
        using var passedOver = await app.Client.PostAsync("/profiles/cover", cover);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, risky.StatusCode);
        Assert.Equal(["avatar"], await IntegrationApp.ErrorKeysAsync(risky));
        Assert.Equal(HttpStatusCode.OK, passedOver.StatusCode);
        Assert.Equal(1, app.ImageCalls);
    }

    [Fact]
    public async Task GroupCheckWhoseFieldMatchesNoEndpoint_RefusesToStart_NamingTheGroupsCheckAndItsEndpoints()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IntegrationApp.StartAsync(endpoints: app =>
        {
            var posts = app.MapGroup("/typo").WithMsgSecCheck("Titel");
            posts.MapPost("/", (IntegrationComment post) => Results.Ok());
            posts.MapGet("/{id}", (int id) => Results.Ok());
        }));

        Assert.StartsWith(".WithMsgSecCheck(\"Titel\") on the route group of ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'HTTP: POST /typo/'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'HTTP: GET /typo/{id}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(it matches none of its endpoints)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"Title\"?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OuterGroupsCheckMatchingNoEndpointOfItsNestedGroups_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IntegrationApp.StartAsync(endpoints: app =>
        {
            var outer = app.MapGroup("/outer").WithMsgSecCheck("Titel");
            var inner = outer.MapGroup("/inner");
            inner.MapPost("/", (IntegrationComment post) => Results.Ok());
            inner.MapGet("/{id}", (int id) => Results.Ok());
        }));

        Assert.StartsWith(".WithMsgSecCheck(\"Titel\") on the route group of ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'HTTP: POST /outer/inner/'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(it matches none of its endpoints)", error.Message, StringComparison.Ordinal);
    }

    // The same check on the endpoint itself is the endpoint's own: the group's matching elsewhere does not excuse it.
    [Fact]
    public async Task EndpointsOwnNamedCheckInAGroup_StillRefusesToStart_WhenItsFieldMatchesNothingThere()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IntegrationApp.StartAsync(endpoints: app =>
        {
            var posts = app.MapGroup("/own").WithMsgSecCheck("Title");
            posts.MapPost("/", (IntegrationComment post) => Results.Ok());
            posts.MapGet("/{id}", (int id) => Results.Ok()).WithMsgSecCheck("Title");
        }));

        Assert.StartsWith(".WithMsgSecCheck(\"Title\") on endpoint 'HTTP: GET /own/{id}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("route group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupMediaCheck_SubmitsTheNamedFile_AndPassesOverAnEndpointBindingOtherFiles()
    {
        await using var app = await MediaCheckApp.StartAsync(endpoints: app =>
        {
            var uploads = app.MapGroup("/uploads").WithMediaSecCheck("voice").DisableAntiforgery();
            uploads.MapPost("/voice", (IFormFile voice) => Results.Ok());
            uploads.MapPost("/avatar", (IFormFile avatar) => Results.Ok());
        });

        using var voice = new MultipartFormDataContent { { new ByteArrayContent(Encoding.ASCII.GetBytes("voice")), "voice", "v.mp3" } };
        using var submitted = await app.Client.PostAsync("/uploads/voice", voice);
        using var avatar = new MultipartFormDataContent { { new ByteArrayContent(Encoding.ASCII.GetBytes("avatar")), "avatar", "a.png" } };
        using var passedOver = await app.Client.PostAsync("/uploads/avatar", avatar);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, passedOver.StatusCode);
        Assert.Equal(1, app.Emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    [Fact]
    public async Task GroupMediaCheckWhoseFieldNamesNoBoundFile_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MediaCheckApp.StartAsync(endpoints: app =>
        {
            var uploads = app.MapGroup("/uploads").WithMediaSecCheck("voise").DisableAntiforgery();
            uploads.MapPost("/voice", (IFormFile voice) => Results.Ok());
            uploads.MapGet("/{id}", (int id) => Results.Ok());
        }));

        Assert.StartsWith(".WithMediaSecCheck(\"voise\", WeChatMediaType.Audio) on the route group of ", error.Message, StringComparison.Ordinal);
        Assert.Contains("(it matches none of its endpoints)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"voice\"?", error.Message, StringComparison.Ordinal);
    }
}
