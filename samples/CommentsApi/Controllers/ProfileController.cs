using AspNetCore.WeChatSecurity;
using Microsoft.AspNetCore.Mvc;

namespace CommentsApi.Controllers;

[ApiController]
[Route("api/profile")]
public sealed class ProfileController : ControllerBase
{
    /// <summary>The largest request the avatar upload accepts; a larger one is answered 413 with this limit under the field.</summary>
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    // The upload is capped before model binding buffers it; images over WeChat's 1 MB get 413 from the filter.
    [HttpPost("avatar")]
    [ImgSecCheck("Avatar")]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
    public IActionResult UploadAvatar(IFormFile avatar) =>
        Ok(new { avatar.FileName, avatar.Length, accepted = true });
}
