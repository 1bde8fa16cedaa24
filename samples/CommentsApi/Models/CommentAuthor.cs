using System.ComponentModel.DataAnnotations;

namespace CommentsApi.Models;

/// <summary>The author as shown next to a comment.</summary>
public sealed class CommentAuthor
{
    [StringLength(32)]
    public string Nickname { get; set; } = string.Empty;
}
