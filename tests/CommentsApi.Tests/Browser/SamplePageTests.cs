using System.Globalization;
using AspNetCore.WeChatSecurity.TestData;
using AspNetCore.WeChatSecurity.Testing;
using CommentsApi.Controllers;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace CommentsApi.Tests.Browser;

/// <summary>
/// The sample page in a real headless Chromium, as a person uses it: what the page shows under each field and in the
/// banner after a clean comment, WeChat's official risky text, a risky image, a file that is no image and a file over
/// the upload limit.
/// </summary>
public sealed class SamplePageTests(SamplePageFixture page) : IClassFixture<SamplePageFixture>, IDisposable
{
    private const string RejectionMessage = "This content can't be published. Please change it and try again.";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _files = Directory.CreateTempSubdirectory("commentsapi-uploads-").FullName;

    private ChromeDriver Browser => page.Driver;

    [BrowserFact]
    public void ACleanComment_IsPublished_WithAReadableBanner_AndNoFieldErrors()
    {
        Open();

        Submit("comment-form");

        Assert.Equal("Published: “这篇文章写得很好！” by 小明.", Status("comment-form", ok: true));
        Assert.Equal(string.Empty, FieldError("Comment"));
        Assert.Equal(string.Empty, FieldError("Author.Nickname"));
    }

    [BrowserFact]
    public void TheOfficialRiskyText_IsRejected_UnderTheCommentField()
    {
        Open();

        Browser.FindElement(By.CssSelector("[data-fill=comment]")).Click();
        Assert.Equal(WeChatEmulatorOptions.OfficialRiskyText1, Browser.FindElement(By.Id("comment")).GetDomProperty("value"));
        Submit("comment-form");

        Status("comment-form", ok: false);
        Assert.Equal(RejectionMessage, FieldError("Comment"));
        Assert.Equal(string.Empty, FieldError("Author.Nickname"));
    }

    [BrowserFact]
    public void TheEmulatorsTestImages_AreOffered()
    {
        Open();

        new WebDriverWait(Browser, Patience).Until(d => d.FindElement(By.Id("emulator-images")).Displayed);
        var links = Browser.FindElements(By.CssSelector("#emulator-images a")).Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([new Uri(page.BaseAddress, "/emulator/risky-image.png").ToString(), new Uri(page.BaseAddress, "/emulator/safe-image.png").ToString()], links);
    }

    [BrowserFact]
    public void ARiskyImage_IsRejected_UnderTheAvatarField()
    {
        Open();

        Upload(File("risky.png", WeChatEmulator.RiskyTestImage.ToArray()));

        Status("avatar-form", ok: false);
        Assert.Equal(RejectionMessage, FieldError("Avatar"));
    }

    [BrowserFact]
    public void ASafeImage_IsAccepted()
    {
        Open();

        var image = WeChatEmulator.SafeTestImage.ToArray();
        Upload(File("safe.png", image));

        Assert.Equal($"Avatar accepted: safe.png ({image.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes).", Status("avatar-form", ok: true));
        Assert.Equal(string.Empty, FieldError("Avatar"));
    }

    [BrowserFact]
    public void AFileThatIsNoImage_IsRefused_UnderTheAvatarField_WithTheAcceptedFormats()
    {
        Open();

        Upload(File("notes.txt", "Just some notes, not a picture."u8.ToArray()));

        Status("avatar-form", ok: false);
        Assert.Contains("PNG, JPEG or GIF", FieldError("Avatar"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public void AFileOverTheUploadLimit_Is413_WithTheLimitUnderTheAvatarField()
    {
        Open();

        var oversized = PngHeaders.Create(10, 10, (int)ProfileController.MaxUploadBytes + 1024 * 1024);
        Upload(File("huge.png", oversized));

        Status("avatar-form", ok: false);
        var limit = ProfileController.MaxUploadBytes.ToString("N0", CultureInfo.InvariantCulture);
        Assert.Equal($"The upload is larger than this endpoint accepts: at most {limit} bytes.", FieldError("Avatar"));
    }

    public void Dispose() => Directory.Delete(_files, recursive: true);

    private void Open()
    {
        Browser.Navigate().GoToUrl(page.BaseAddress);
        new WebDriverWait(Browser, Patience).Until(d => d.FindElement(By.Id("comment-form")).Displayed);
    }

    private string File(string name, byte[] content)
    {
        var path = Path.Combine(_files, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private void Upload(string path)
    {
        Browser.FindElement(By.Id("avatar")).SendKeys(path);
        Submit("avatar-form");
    }

    // The page marks the form aria-busy from the click until the answer is shown: waiting for it to go is waiting for
    // the answer, not for a time.
    private void Submit(string formId)
    {
        var form = Browser.FindElement(By.Id(formId));
        form.FindElement(By.CssSelector("button[type=submit]")).Click();
        new WebDriverWait(Browser, Patience).Until(_ =>
            form.GetAttribute("aria-busy") is null && form.FindElement(By.CssSelector(".status")).Text.Length > 0);
    }

    private string Status(string formId, bool ok)
    {
        var status = Browser.FindElement(By.CssSelector($"#{formId} .status"));
        Assert.Contains(ok ? "ok" : "bad", status.GetAttribute("class")!.Split(' '));
        Assert.DoesNotContain("{", status.Text, StringComparison.Ordinal);
        return status.Text;
    }

    private string FieldError(string field) =>
        Browser.FindElement(By.CssSelector($".error[data-field='{field}']")).Text;
}
