using System.Text;
using AspNetCore.WeChatSecurity.Testing;

namespace AspNetCore.WeChatSecurity.TestData;

/// <summary>
/// WeChat's next attempt at a push the emulator sent: the same body to the same URL, as WeChat repeats a push that was
/// not acknowledged. Shared as a linked source file by the library's tests and the Redis tests.
/// </summary>
internal static class WeChatEmulatorPushes
{
    /// <summary>Posts <paramref name="push"/> again through <paramref name="client"/>; returns the answer's body.</summary>
    public static async Task<string> PostAgainAsync(this HttpClient client, WeChatEmulatorPush push)
    {
        using var again = new StringContent(push.Body, Encoding.UTF8, "text/xml");
        using var response = await client.PostAsync(push.RequestUri, again);
        return await response.Content.ReadAsStringAsync();
    }
}
