using AspNetCore.WeChatSecurity.MediaCheck;
using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.MediaCheck;

/// <summary>[MediaSecCheck] and WithMediaSecCheck are validated at start and never silently inert, as the synchronous checks are.</summary>
public sealed class MediaSecCheckStartupTests
{
    [Fact]
    public async Task MisspelledFieldOnAnAction_RefusesToStart_NamingTheActionTheFieldsAndTheClosest()
    {
        var host = new FilterTestHost { Controllers = [typeof(MisspelledVoiceController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MediaSecCheck(\"voise\", WeChatMediaType.Audio)]", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MisspelledVoiceController) + "." + nameof(MisspelledVoiceController.Post), error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"voice\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: voice.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MisspelledFieldOnAController_RefusesToStart_WhenNoActionBindsIt()
    {
        var host = new FilterTestHost { Controllers = [typeof(MisspelledOnControllerController)] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MediaSecCheck(\"voise\", WeChatMediaType.Audio)]", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(MisspelledOnControllerController), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrectFields_Start_IncludingAHandlerThatReadsTheFormItself()
    {
        var host = new FilterTestHost
        {
            Controllers = [typeof(VoiceController)],
            Map = app =>
            {
                app.MapPost("/bound", (IFormFile voice) => "ok").WithMediaSecCheck("Voice").DisableAntiforgery();
                app.MapPost("/form", (HttpContext context) => "ok").WithMediaSecCheck("anything").DisableAntiforgery();
            },
        };

        await using var app = await host.StartAsync();

        Assert.NotNull(app);
    }

    [Fact]
    public async Task MisspelledFieldOnAMinimalApi_RefusesToStart_InTheMinimalApiForm()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/voice", (IFormFile voice, [FromForm] string caption) => "ok").WithMediaSecCheck("voise", WeChatMediaType.Image).DisableAntiforgery(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains(".WithMediaSecCheck(\"voise\", WeChatMediaType.Image)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[MediaSecCheck", error.Message, StringComparison.Ordinal);
        Assert.Contains("/voice", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"voice\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: voice.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttributeOnAMinimalApiHandlerWithoutWithMediaSecCheck_RefusesToStart()
    {
        var host = new FilterTestHost
        {
            Map = app => app.MapPost("/forgot", [MediaSecCheck("voice")] (IFormFile voice) => "ok").DisableAntiforgery(),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(host.StartAsync);

        Assert.Contains("[MediaSecCheck]", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithMediaSecCheck", error.Message, StringComparison.Ordinal);
        Assert.Contains("/forgot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MvcAttributeWithoutTheServices_RefusesTheRequest_NamingAddWeChatContentSecurity()
    {
        var host = new FilterTestHost { AddWeChatSecurity = false, Environment = "Production", Controllers = [typeof(VoiceController)] };
        await using var app = await host.StartAsync();
        using var form = FilterTestHost.Files(("voice", "v.mp3", "voice bytes"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.GetTestClient().PostAsync("/media/voice", form));

        Assert.Contains("[MediaSecCheck]", error.Message, StringComparison.Ordinal);
        Assert.Contains("services.AddWeChatContentSecurity(...)", error.Message, StringComparison.Ordinal);
        Assert.False(VoiceController.Ran);
    }

    [Fact]
    public async Task MvcAttribute_GivesOnlyTheActionsThatCarryIt_TheMediaFilter_WithTheControllersAttributesThenTheActions()
    {
        var host = new FilterTestHost { Controllers = [typeof(VoiceController), typeof(VoiceAndTextController), typeof(VoiceOnControllerController)] };
        await using var app = await host.StartAsync();

        var actions = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items;

        // The fields of the media filter's attributes in the order it submits them, or null when the action has no media filter.
        string? MediaFields(string template)
        {
            var action = Assert.Single(actions, action => action.AttributeRouteInfo?.Template == template);
            var filters = action.FilterDescriptors
                .Select(d => d.Filter)
                .OfType<TypeFilterAttribute>()
                .Where(filter => filter.ImplementationType == typeof(MediaSecCheckActionFilter))
                .ToList();
            Assert.True(filters.Count <= 1, $"'{template}' has {filters.Count} media filters.");
            Assert.DoesNotContain(action.FilterDescriptors, d => d.Filter is MediaSecCheckAttribute);
            return filters.Count == 0
                ? null
                : string.Join(", ", Assert.IsType<MediaSecCheckAttribute[]>(Assert.Single(filters[0].Arguments!)).Select(a => a.Field));
        }

        Assert.Equal("voice", MediaFields("media/voice"));
        Assert.Equal("voice", MediaFields("mixed/voice"));
        Assert.Null(MediaFields("mixed/text"));
        Assert.Equal("voice", MediaFields("on-controller/plain"));
        Assert.Equal("voice, photo", MediaFields("on-controller/both"));
    }

    [ApiController]
    [Route("media")]
    public sealed class VoiceController : ControllerBase
    {
        public static bool Ran { get; private set; }

        [HttpPost("voice")]
        [MediaSecCheck("voice")]
        public IActionResult Post(IFormFile voice)
        {
            Ran = true;
            return Ok();
        }
    }

    [ApiController]
    [Route("misspelled")]
    public sealed class MisspelledVoiceController : ControllerBase
    {
        [HttpPost]
        [MediaSecCheck("voise")]
        public IActionResult Post(IFormFile voice) => Ok();
    }

    [ApiController]
    [Route("misspelled-controller")]
    [MediaSecCheck("voise")]
    public sealed class MisspelledOnControllerController : ControllerBase
    {
        [HttpPost]
        public IActionResult Post(IFormFile voice) => Ok();
    }

    [ApiController]
    [Route("mixed")]
    public sealed class VoiceAndTextController : ControllerBase
    {
        [HttpPost("voice")]
        [MediaSecCheck("voice")]
        public IActionResult Voice(IFormFile voice) => Ok();

        [HttpPost("text")]
        public IActionResult Text([FromForm] string text) => Ok();
    }

    [ApiController]
    [Route("on-controller")]
    [MediaSecCheck("voice")]
    public sealed class VoiceOnControllerController : ControllerBase
    {
        [HttpPost("plain")]
        public IActionResult Plain(IFormFile voice) => Ok();

        [HttpPost("both")]
        [MediaSecCheck("photo", WeChatMediaType.Image)]
        public IActionResult Both(IFormFile voice, IFormFile photo) => Ok();
    }
}
