using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// Builds and verifies the media endpoint's URLs: <c>{PublicBaseAddress}{pattern}/{token}?expires={unix s}&amp;sig={HMAC}</c>.
/// The HMAC key is random for each process, like the kept bytes it protects, which live in this process's memory.
/// </summary>
internal sealed class MediaDownloadUrls(IOptionsMonitor<WeChatSecurityOptions> options)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The pattern <c>MapWeChatMediaDownload</c> mapped, or null when it was not called.</summary>
    public string? Pattern { get; set; }

    public Uri Create(string token, DateTimeOffset expiresAt)
    {
        var baseAddress = options.CurrentValue.MediaCheck.PublicBaseAddress
            ?? throw new InvalidOperationException($"Submitting media as bytes needs {WeChatSecurityOptions.SectionName}:MediaCheck:PublicBaseAddress: the address WeChat's servers reach this application at.");
        var pattern = Pattern
            ?? throw new InvalidOperationException("Submitting media as bytes needs the media endpoint WeChat downloads it from: call app.MapWeChatMediaDownload(\"/wechat/media\").");
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var path = baseAddress.AbsoluteUri.TrimEnd('/') + "/" + pattern.Trim('/') + "/" + token;
        return new Uri(QueryHelpers.AddQueryString(path, new Dictionary<string, string?> { ["expires"] = expires, ["sig"] = Sign(token, expires) }));
    }

    /// <summary>True when the signature is this process's for <paramref name="token"/> and <paramref name="expires"/>, and that moment has not passed.</summary>
    public bool IsValid(string token, string? expires, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(token, expires));
        var received = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, received) && now.ToUnixTimeSeconds() < seconds;
    }

    private string Sign(string token, string expires) =>
        WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(token + "\n" + expires)));
}
