using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json.Linq;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>
/// A classic MVC controller without [ApiController]: form posts, and JSON only where asked for. The parameters are not
/// named <c>comment</c>: MVC would then read the form field <c>Comment</c> as the parameter's prefix.
/// </summary>
[Route("mvc")]
public sealed class IntegrationMvcController : Controller
{
    [HttpPost("form")]
    [MsgSecCheck("Comment")]
    public IActionResult PostForm(IntegrationComment input) => Content("published: " + input.Comment);

    [HttpPost("json")]
    [MsgSecCheck("Comment")]
    public IActionResult PostJson([FromBody] IntegrationComment input) => Content("published: " + input.Comment);

    [HttpPost("tags")]
    [MsgSecCheck("Tags")]
    public IActionResult PostTags([FromBody] IntegrationTags input) => Content("published: " + input.Tags!.Count);

    [HttpPost("shapes")]
    [MsgSecCheck("Votes")]
    [MsgSecCheck("Labels")]
    [MsgSecCheck("Pair")]
    [MsgSecCheck("Extra")]
    [MsgSecCheck("Mirrors")]
    public IActionResult PostShapes([FromBody] IntegrationShapes input) => Content("published: " + input.Extra?.GetType().Name);

    // One link, read as one string is.
    [HttpPost("homepage")]
    [MsgSecCheck("Homepage")]
    public IActionResult PostHomepage([FromBody] IntegrationShapes input) => Content("published: " + input.Homepage);

    [HttpPost("votes")]
    [MsgSecCheck("votes")]
    public IActionResult PostVotes(Dictionary<string, int> votes) => Content("published: " + votes.Count);

    // With AddNewtonsoftJson(): a JObject as the body itself.
    [HttpPost("jobject")]
    [MsgSecCheck("body")]
    public IActionResult PostJObject([FromBody] JObject body) => Content("published: " + body.Count);
}
