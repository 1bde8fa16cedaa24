using System.Net.Http.Headers;
using System.Text.Json;

namespace AspNetCore.WeChatSecurity.LoadTests.Driver;

/// <summary>The requests the scenarios send.</summary>
internal static class Requests
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>A typical comment: Chinese, about 40 characters, one call to WeChat when not cached.</summary>
    public const string TypicalComment = "这篇文章写得很好，讲清楚了缓存和单飞的取舍，谢谢分享！";

    public static byte[] CommentBody(string comment) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["articleId"] = "a-1024", ["comment"] = comment });

    public static HttpRequestMessage PostJson(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
    }

    /// <summary>As <see cref="PostJson(string, byte[])"/>, labelled for the app's <see cref="App.RequestRecorder"/> as kind <paramref name="slot"/>.</summary>
    public static HttpRequestMessage PostJson(string path, byte[] body, int slot)
    {
        var request = PostJson(path, body);
        request.Headers.Add(App.RequestRecorder.SlotHeader, slot.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    public static HttpRequestMessage PostImage(string path, string field, byte[] image)
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var form = new MultipartFormDataContent { { file, field, "avatar.png" } };
        return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = form };
    }

    /// <summary>Distinct texts of a comment's length: text i is the same for every run.</summary>
    public static string DistinctComment(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"第{index}条评论：{TypicalComment}");
}
