using System.ComponentModel.DataAnnotations;

namespace AspNetCore.WeChatSecurity.Tests.Integration;

/// <summary>The body the integration apps' comment endpoints bind.</summary>
public sealed class IntegrationComment
{
    [Required]
    public string? ArticleId { get; set; }

    public string? Title { get; set; }

    public string? Comment { get; set; }
}
