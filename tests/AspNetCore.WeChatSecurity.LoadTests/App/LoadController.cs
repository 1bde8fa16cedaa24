using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.LoadTests.App;

/// <summary>MVC actions that differ only in the check: same route shape, same body, same result.</summary>
/// <remarks>
/// The parameter is not called <c>comment</c>: a field name matches a parameter before a property, so
/// <c>[MsgSecCheck("Comment")]</c> would then check every string of the body rather than its <c>Comment</c>.
/// </remarks>
[ApiController]
[Route("mvc")]
public sealed class LoadController : ControllerBase
{
    private const long MaxUploadBytes = 2 * 1024 * 1024;

    [HttpPost("plain")]
    public IActionResult Plain(LoadComment request) => Ok(new LoadReply(request.ArticleId, Published: true));

    // The same action under another route: the A/A control of the serving-thread comparison, sent as often as the others.
    [HttpPost("twin")]
    public IActionResult Twin(LoadComment request) => Ok(new LoadReply(request.ArticleId, Published: true));

    // The same action behind a filter that only hands the request on: the floor of what any filter costs.
    [HttpPost("floor")]
    [PassThroughActionFilter]
    public IActionResult Floor(LoadComment request) => Ok(new LoadReply(request.ArticleId, Published: true));

    // The same action behind a filter doing only what any cache hit must: read the value, hash it, one lookup.
    [HttpPost("bare")]
    [BareHitActionFilter]
    public IActionResult Bare(LoadComment request) => Ok(new LoadReply(request.ArticleId, Published: true));

    [HttpPost("check")]
    [MsgSecCheck("Comment")]
    public IActionResult Check(LoadComment request) => Ok(new LoadReply(request.ArticleId, Published: true));

    // As the sample's avatar upload: the body is capped before model binding buffers it.
    [HttpPost("avatar")]
    [ImgSecCheck("Avatar")]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
    public IActionResult Avatar(IFormFile avatar) => Ok(new { avatar.Length, accepted = true });
}
