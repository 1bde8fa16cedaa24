using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>Two actions that differ only in the check: same route shape, same body, same result.</summary>
/// <remarks>
/// The parameter is not called <c>comment</c>: a field name matches a parameter before a property, so
/// <c>[MsgSecCheck("Comment")]</c> would then check every string of the body rather than its <c>Comment</c>.
/// </remarks>
[ApiController]
[Route("mvc")]
public sealed class OverheadController : ControllerBase
{
    [HttpPost("plain")]
    public IActionResult Plain(OverheadComment request) => Ok(new OverheadReply(request.ArticleId, Published: true));

    [HttpPost("empty-filter")]
    [OverheadEmptyFilter]
    public IActionResult EmptyFilter(OverheadComment request) => Ok(new OverheadReply(request.ArticleId, Published: true));

    [HttpPost("check")]
    [MsgSecCheck("Comment")]
    public IActionResult Check(OverheadComment request) => Ok(new OverheadReply(request.ArticleId, Published: true));
}
