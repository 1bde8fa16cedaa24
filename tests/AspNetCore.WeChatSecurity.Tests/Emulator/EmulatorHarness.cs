using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

/// <summary>An emulator on a manual clock with an <see cref="HttpClient"/> over its in-process handler.</summary>
internal sealed class EmulatorHarness : IDisposable
{
    public const string OpenId = "oH1fu0FdHqpToe2T6gBj0WyB8iS1";

    public EmulatorHarness(Action<WeChatEmulatorOptions>? configure = null, HttpClient? client = null)
    {
        var options = new WeChatEmulatorOptions { TimeProvider = Time };
        configure?.Invoke(options);
        Emulator = new WeChatEmulator(options);
        Client = client ?? new HttpClient(Emulator.CreateHandler()) { BaseAddress = new Uri("https://api.weixin.qq.com") };
    }

    /// <summary>Starts at 04:00 UTC, noon in Beijing, where WeChat's daily quotas reset: tests count hours to midnight from here.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 21, 4, 0, 0, TimeSpan.Zero));

    public WeChatEmulator Emulator { get; }

    public HttpClient Client { get; }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static MultipartFormDataContent Multipart(ReadOnlyMemory<byte> image, string name = "media", string? fileName = "a.png", string contentType = "image/png", bool quoteBoundary = false)
    {
        const string Boundary = "----emulatorBoundary7MA4YWxkTrZu0gW";
        var content = new MultipartFormDataContent(Boundary);
        if (!quoteBoundary)
        {
            content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value = Boundary;
        }

        var part = new ByteArrayContent(image.ToArray());
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (fileName is null)
        {
            content.Add(part, name);
        }
        else
        {
            content.Add(part, name, fileName);
        }

        return content;
    }

    public async Task<string> GetTokenAsync()
    {
        var answer = await GetJsonAsync($"/cgi-bin/token?grant_type=client_credential&appid={Emulator.Options.AppId}&secret={Emulator.Options.AppSecret}");
        return answer.GetProperty("access_token").GetString()!;
    }

    public async Task<JsonElement> GetStableTokenAsync(bool forceRefresh = false)
    {
        var body = $$"""{"grant_type":"client_credential","appid":"{{Emulator.Options.AppId}}","secret":"{{Emulator.Options.AppSecret}}","force_refresh":{{(forceRefresh ? "true" : "false")}}}""";
        return await PostAsync("/cgi-bin/stable_token", Json(body));
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    public async Task<JsonElement> PostAsync(string path, HttpContent content)
    {
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> CheckTextAsync(string json, string? token = null) =>
        await PostAsync($"/wxa/msg_sec_check?access_token={token ?? Emulator.IssueAccessToken()}", Json(json));

    public async Task<JsonElement> CheckImageAsync(HttpContent content, string? token = null) =>
        await PostAsync($"/wxa/img_sec_check?access_token={token ?? Emulator.IssueAccessToken()}", content);

    public async Task<JsonElement> CheckMediaAsync(string json, string? token = null) =>
        await PostAsync($"/wxa/media_check_async?access_token={token ?? Emulator.IssueAccessToken()}", Json(json));

    public void Dispose()
    {
        Client.Dispose();
        Emulator.Dispose();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
