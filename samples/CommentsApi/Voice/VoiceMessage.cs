namespace CommentsApi.Voice;

/// <summary>A voice message and where its moderation stands.</summary>
/// <param name="Id">The message's id: the correlation id its media check was submitted under.</param>
/// <param name="Status">pending, published, held-for-review, removed, upload-again.</param>
/// <param name="Label">WeChat's label when it was removed (20002 porn, 20001 politics...).</param>
public sealed record VoiceMessage(string Id, string Status, int? Label = null);
