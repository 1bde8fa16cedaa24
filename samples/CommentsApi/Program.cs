using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Testing;
using CommentsApi.Models;
using CommentsApi.Voice;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddWeChatContentSecurity();

// AddSkiaSharpImageResizer: a photo over WeChat's 1 MB / 750x1334 is checked as a smaller copy instead of refused.
var wechat = builder.Services.AddWeChatContentSecurity(builder.Configuration).AddSkiaSharpImageResizer();

// Voice messages are checked asynchronously: their outcome arrives later, once, in VoiceVerdicts.
builder.Services.AddSingleton<VoiceMessageBoard>();
builder.Services.AddSingleton<IWeChatMediaCheckResultHandler, VoiceVerdicts>();

// No AppId configured: answer from the emulator, so the sample runs on a fresh machine with no credentials.
// Set WeChatSecurity:AppId and WeChatSecurity:AppSecret (user-secrets or environment variables) to use real WeChat.
var usesEmulator = string.IsNullOrEmpty(builder.Configuration["WeChatSecurity:AppId"]);
if (usesEmulator)
{
    wechat.UseWeChatEmulator();
}

var app = builder.Build();

app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWeChatContentSecurity();

app.MapControllers();

// WeChat pushes verdicts here (the URL set in the mini program console), and downloads uploaded voice messages from
// the media endpoint at WeChatSecurity:MediaCheck:PublicBaseAddress. With real WeChat, voice messages need the push
// server's Token (WeChatSecurity:MediaCheck:PushToken) and EncodingAESKey. Without a Token the two endpoints are not
// mapped: no verdict can arrive, so voice messages stay held for review and are delivered as timed out (never published).
if (usesEmulator || !string.IsNullOrEmpty(app.Configuration["WeChatSecurity:MediaCheck:PushToken"]))
{
    app.MapWeChatMediaCheckPush("/wechat/push");
    app.MapWeChatMediaDownload("/wechat/media");
}

app.MapPost("/api/posts", (NewPost post) => Results.Ok(new { post.Title, published = true }))
    .WithMsgSecCheck("Title", WeChatScene.Forum)
    .WithMsgSecCheck("Body", WeChatScene.Forum)
    .WithMsgSecCheck("Tags", WeChatScene.Forum);

// A code path without an attribute: EnsureTextAsync throws, and UseWeChatContentSecurity() answers the same 422.
app.MapPost("/api/signature", async (SignatureUpdate update, IWeChatContentSecurity security, CancellationToken cancellationToken) =>
{
    if (update.Signature is null)
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["signature"] = ["The signature is required."] });
    }

    await security.EnsureTextAsync("signature", update.Signature, new WeChatCheckContext { Scene = WeChatScene.Profile }, cancellationToken);
    return Results.Ok(new { update.Signature, saved = true });
});

app.MapHealthChecks("/health");

if (usesEmulator)
{
    // Lets the page offer the emulator's always-risky image for a quick try. HEAD as well as GET: the page asks with
    // HEAD whether the images exist (MapGet alone answers HEAD with 405).
    string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
    app.MapMethods("/emulator/risky-image.png", getOrHead, () => Results.Bytes(WeChatEmulator.RiskyTestImage.ToArray(), "image/png"));
    app.MapMethods("/emulator/safe-image.png", getOrHead, () => Results.Bytes(WeChatEmulator.SafeTestImage.ToArray(), "image/png"));
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    if (usesEmulator && app.Urls.FirstOrDefault() is { } self)
    {
        // The emulator plays WeChat's servers: it downloads the voice messages from this app and pushes verdicts back to it.
        var emulator = app.Services.GetRequiredService<WeChatEmulator>();
        emulator.Options.PushUrl ??= new Uri(new Uri(self), "/wechat/push");
        var mediaCheck = app.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.MediaCheck;
        mediaCheck.PublicBaseAddress ??= new Uri(self);
    }

    var mode = usesEmulator ? "the in-process WeChat emulator (no credentials needed)" : "real WeChat";
    foreach (var address in app.Urls)
    {
        Console.WriteLine($"CommentsApi is checking content with {mode}. Open {address}/ in a browser.");
    }
});

app.Run();

/// <summary>Lets the tests start the app with WebApplicationFactory.</summary>
public partial class Program;

/// <summary>A profile signature update, checked without an attribute. Signature is null when the body has none.</summary>
internal sealed record SignatureUpdate(string? Signature);
