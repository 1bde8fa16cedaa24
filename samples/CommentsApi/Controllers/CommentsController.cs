using AspNetCore.WeChatSecurity;
using CommentsApi.Models;
using Microsoft.AspNetCore.Mvc;

namespace CommentsApi.Controllers;

[ApiController]
[Route("api/comments")]
public sealed class CommentsController : ControllerBase
{
    // Risky text never reaches this method: the filter answers 422 with errors keyed "Comment" or "Author.Nickname".
    [HttpPost]
    [MsgSecCheck("Comment")]
    [MsgSecCheck("Author.Nickname", Scene = WeChatScene.Profile)]
    public IActionResult Post(NewComment comment) =>
        Ok(new { comment.ArticleId, comment.Comment, comment.Author.Nickname, published = true });
}
