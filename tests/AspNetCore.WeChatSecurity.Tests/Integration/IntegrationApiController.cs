using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>An [ApiController]: bodies bind from JSON, and an invalid model is answered 400 before any filter runs.</summary>
[ApiController]
[Route("api")]
public sealed class IntegrationApiController : ControllerBase
{
    [HttpPost("comments")]
    [MsgSecCheck("Title")]
    [MsgSecCheck("Comment")]
    public IActionResult Post(IntegrationComment comment) => Ok(new { comment.Title, comment.Comment });

    [HttpPost("avatar")]
    [ImgSecCheck("avatar")]
    public IActionResult Avatar(IFormFile avatar) => Ok(new { avatar.Length });
}
