namespace AspNetCore.WeChatSecurity;

/// <summary>An access token and when it stops being valid.</summary>
/// <param name="Value">The token. It is never logged nor shown in exceptions.</param>
/// <param name="ExpiresAt">When WeChat stops accepting it.</param>
/// <param name="IsCloudBase">
/// True for a WeChat Cloud Run token (from the <c>X-WX-CLOUDBASE-ACCESS-TOKEN</c> header), sent as
/// <c>cloudbase_access_token</c> instead of <c>access_token</c>.
/// </param>
public sealed record WeChatAccessToken(string Value, DateTimeOffset ExpiresAt, bool IsCloudBase = false)
{
    /// <inheritdoc />
    public override string ToString() => $"WeChatAccessToken {{ ExpiresAt = {ExpiresAt:O}, IsCloudBase = {IsCloudBase} }}";
}
