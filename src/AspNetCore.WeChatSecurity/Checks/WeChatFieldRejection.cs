namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>A field WeChat rejected and the verdict that rejected it.</summary>
/// <param name="Key">The field, keyed as model validation keys it.</param>
/// <param name="Verdict">WeChat's verdict.</param>
internal sealed record WeChatFieldRejection(string Key, WeChatVerdict Verdict);
