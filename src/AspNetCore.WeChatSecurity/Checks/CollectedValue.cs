using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// A value found in a request: text or a file, the key it is reported under and the scene it is checked in (null: the
/// service applies <see cref="WeChatSecurityOptions.DefaultScene"/>, so that the default is resolved in one place).
/// </summary>
internal readonly record struct CollectedValue(string Key, WeChatScene? Scene, string? Text, IFormFile? File);
