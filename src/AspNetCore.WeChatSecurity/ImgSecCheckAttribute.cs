using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Checks uploaded images with WeChat's <c>img_sec_check</c> before the action runs; a risky image is answered with a
/// 422 ProblemDetails keyed by the field. Put it on a controller, an action or a minimal API handler (or use
/// <c>WithImgSecCheck</c> on an endpoint).
/// </summary>
/// <remarks>
/// The field name matches, case-insensitively, an action parameter (<c>avatar</c>, an <c>IFormFile</c>) or a property
/// path inside a bound argument (<c>Profile.Avatar</c>); when both readings exist, the one matching the case exactly
/// wins. Without a name, every bound file is checked. A name that matches nothing is reported when the application's
/// actions are built.
/// On a minimal API handler the attribute alone installs nothing: call <c>WithWeChatSecurityChecks()</c> on the
/// endpoint or its route group (an application with a handler that forgot it refuses to start). An action whose attribute nothing would
/// run (the services were never added, or it is a Razor Page) refuses its requests instead of publishing unchecked.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class ImgSecCheckAttribute : Attribute, IWeChatCheckMetadata, IFilterFactory
{
    /// <summary>Checks every bound file.</summary>
    public ImgSecCheckAttribute()
    {
    }

    /// <summary>Checks the file or files of one field.</summary>
    /// <param name="field">A parameter name or a property path such as <c>Profile.Avatar</c>.</param>
    public ImgSecCheckAttribute(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        Field = field;
    }

    /// <summary>The parameter name or property path checked; null checks every bound file.</summary>
    public string? Field { get; }

    WeChatCheckKind IWeChatCheckMetadata.Kind => WeChatCheckKind.Image;

    WeChatScene? IWeChatCheckMetadata.Scene => null;

    bool IFilterFactory.IsReusable => true;

    IFilterMetadata IFilterFactory.CreateInstance(IServiceProvider serviceProvider) => UnrunCheck.Refuse("ImgSecCheck", serviceProvider);
}
