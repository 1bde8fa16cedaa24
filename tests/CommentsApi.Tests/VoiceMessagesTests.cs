using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommentsApi.Tests;

/// <summary>The sample's voice messages: submitted before the action, published or removed when the emulator's push arrives.</summary>
public sealed class VoiceMessagesTests : IDisposable
{
    private readonly WebApplicationFactory<Program> _factory = new WebApplicationFactory<Program>()
        .WithWebHostBuilder(web => web.UseSetting("WeChatSecurity:MediaCheck:PublicBaseAddress", "http://localhost"));

    [Theory]
    [InlineData(false, "published")]
    [InlineData(true, "removed")]
    public async Task VoiceMessage_IsPendingFirst_ThenTheVerdictDecidesIt(bool risky, string expected)
    {
        using var client = _factory.CreateClient();
        var emulator = _factory.Services.GetRequiredService<WeChatEmulator>();
        emulator.Options.PushUrl = new Uri("http://localhost/wechat/push");
        emulator.Options.PushHandler = _factory.Server.CreateHandler();
        emulator.Options.MediaHandler = _factory.Server.CreateHandler();

        using var form = new MultipartFormDataContent();
        var voice = new ByteArrayContent((risky ? WeChatEmulator.RiskyTestImage : WeChatEmulator.SafeTestImage).ToArray());
        voice.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        form.Add(voice, "voice", "hello.mp3");
        using var accepted = await client.PostAsync("/api/voice", form);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>($"/api/voice/{id}")).GetProperty("status").GetString());

        var push = await emulator.WaitForPushAsync(body.GetProperty("traceId").GetString()!).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(push.MediaFetched);
        Assert.True(push.Delivered, push.Error);
        var message = await client.GetFromJsonAsync<JsonElement>($"/api/voice/{id}");
        Assert.Equal(expected, message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task VoiceMessageOver10MB_Is413_AndNothingIsSubmitted()
    {
        using var client = _factory.CreateClient();
        var emulator = _factory.Services.GetRequiredService<WeChatEmulator>();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[10 * 1024 * 1024 + 1]), "voice", "long.mp3");

        using var response = await client.PostAsync("/api/voice", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, emulator.GetCallCount(WeChatEmulatorEndpoint.MediaCheckAsync));
    }

    public void Dispose() => _factory.Dispose();
}
