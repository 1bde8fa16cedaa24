using AspNetCore.WeChatSecurity.Tests.Responses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Tests.Mvc;

/// <summary>
/// A controller's named <c>[MsgSecCheck]</c> that matches none of its actions stops the start with the same help an
/// action's or a route group's gets: the closest field and what the actions bind, so that the typo is found at once.
/// </summary>
public sealed class ControllerCheckStartupTests
{
    [Fact]
    public async Task MisspelledFieldOnAController_RefusesToStart_SayingWhichFieldWasMeant_AndWhatItsActionsBind()
    {
        var host = new FilterTestHost { Controllers = [typeof(TitelController)], Build = security => security.UseWeChatEmulator() };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.StartsWith($"[MsgSecCheck(\"Titel\")] on controller '{typeof(TitelController).FullName}' (it matches none of its actions)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean \"Title\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fields it can name: Title, Body.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bound parameters: id (Int32), post (ControllerPost).", error.Message, StringComparison.Ordinal);
    }

    public sealed record ControllerPost(string Title, string Body);

    [ApiController]
    [Route("titel")]
    [MsgSecCheck("Titel")]
    public sealed class TitelController : ControllerBase
    {
        [HttpGet("{id:int}")]
        public IActionResult Get(int id) => Ok(id);

        [HttpPost]
        public IActionResult Post(ControllerPost post) => Ok(post.Title);
    }
}
