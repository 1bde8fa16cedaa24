namespace CommentsApi.Models;

/// <summary>A forum post, sent to the minimal-API endpoint.</summary>
public sealed record NewPost(string Title, string Body, IReadOnlyList<string>? Tags);
