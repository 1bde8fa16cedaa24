namespace CommentsApi.Tests.Browser;

/// <summary>A fact that drives a real headless Chromium: skipped with the install hint when there is none, except under CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsAvailable && !Chromium.Required)
        {
            Skip = Chromium.InstallHint;
        }
    }
}
