using AspNetCore.WeChatSecurity;
using CommentsApi.Voice;
using Microsoft.AspNetCore.Mvc;

namespace CommentsApi.Controllers;

[ApiController]
[Route("api/voice")]
public sealed class VoiceMessagesController(VoiceMessageBoard board) : ControllerBase
{
    // The upload is submitted to WeChat's asynchronous check before this runs; its verdict reaches VoiceVerdicts later.
    [HttpPost]
    [MediaSecCheck("voice", WeChatMediaType.Audio)]
    public IActionResult Post(IFormFile voice)
    {
        var check = HttpContext.GetWeChatMediaCheck("voice");
        board.Save(new VoiceMessage(check.CorrelationId, "pending"));
        return AcceptedAtAction(nameof(Get), new { id = check.CorrelationId }, new { id = check.CorrelationId, status = "pending", check.TraceId, check.Deadline });
    }

    [HttpGet("{id}")]
    public IActionResult Get(string id) => board.Find(id) is { } message ? Ok(message) : NotFound();
}
