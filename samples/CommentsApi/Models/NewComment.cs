using System.ComponentModel.DataAnnotations;

namespace CommentsApi.Models;

/// <summary>A comment on an article, with its author's public profile.</summary>
public sealed class NewComment
{
    [Required]
    public string ArticleId { get; set; } = string.Empty;

    [Required]
    [StringLength(2000)]
    public string Comment { get; set; } = string.Empty;

    public CommentAuthor Author { get; set; } = new();
}
