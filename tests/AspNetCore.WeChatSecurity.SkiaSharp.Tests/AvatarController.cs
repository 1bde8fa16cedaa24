using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AspNetCore.WeChatSecurity.SkiaSharp.Tests;

/// <summary>An avatar upload behind <see cref="ImgSecCheckAttribute"/>: answers what the action received.</summary>
[ApiController]
[Route("avatar")]
public sealed class AvatarController : ControllerBase
{
    [HttpPost]
    [ImgSecCheck("Avatar")]
    public async Task<IActionResult> Upload(IFormFile avatar, CancellationToken cancellationToken)
    {
        await using var content = avatar.OpenReadStream();
        var hash = await SHA256.HashDataAsync(content, cancellationToken);
        return Ok(new { avatar.Length, Sha256 = Convert.ToHexStringLower(hash) });
    }
}
