using Microsoft.AspNetCore.Http;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>A value found in a request: text or a file, the key it is reported under and the scene it is checked in.</summary>
internal readonly record struct CollectedValue(string Key, WeChatScene Scene, string? Text, IFormFile? File);
