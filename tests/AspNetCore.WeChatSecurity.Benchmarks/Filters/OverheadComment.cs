using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity.Benchmarks.Filters;

/// <summary>The body both benchmarked actions bind: a comment as the sample's comments API takes it.</summary>
public sealed class OverheadComment
{
    [Required]
    public string ArticleId { get; set; } = string.Empty;

    [Required]
    [StringLength(2000)]
    public string Comment { get; set; } = string.Empty;
}
