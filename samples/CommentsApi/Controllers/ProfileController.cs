using AspNetCore.WeChatSecurity;
using Microsoft.AspNetCore.Mvc;

namespace CommentsApi.Controllers;

[ApiController]
[Route("api/profile")]
public sealed class ProfileController : ControllerBase
{
    /// <summary>
    /// The largest request the avatar upload accepts: WeChatSecurity:MaxResizableImageBytes (10 MB) plus room for the
    /// multipart headers around the file; a larger one is answered 413 with this limit under the field.
    /// </summary>
    public const long MaxUploadBytes = (10 * 1024 * 1024) + (64 * 1024);

    // The upload is capped before model binding buffers it. A phone photo (3-5 MB, 4000x3000) is checked as a copy
    // resized to WeChat's limits; the action still receives the original.
    [HttpPost("avatar")]
    [ImgSecCheck("Avatar")]
    [RequestSizeLimit(MaxUploadBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
    public IActionResult UploadAvatar(IFormFile avatar) =>
        Ok(new { avatar.FileName, avatar.Length, accepted = true });
}
