using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Checks text with WeChat's <c>msg_sec_check</c> before the action runs; risky content is answered with a 422
/// ProblemDetails keyed by the field. Put it on a controller, an action or a minimal API handler (or use
/// <c>WithMsgSecCheck</c> on an endpoint).
/// </summary>
/// <remarks>
/// The field name matches, case-insensitively, an action parameter (<c>comment</c>) or a property path inside a bound
/// argument (<c>Comment</c>, <c>Post.Title</c>); when both readings exist, the one matching the case exactly wins, so
/// <c>Comment</c> on <c>Post(NewComment comment)</c> names the property. Without a name, every bound string is
/// checked. A name that matches nothing is reported when the application's actions are built.
/// On a minimal API handler the attribute alone installs nothing: call <c>WithWeChatSecurityChecks()</c> on the
/// endpoint or its route group (an application with a handler that forgot it refuses to start). An action whose attribute nothing would
/// run (the services were never added, or it is a Razor Page) refuses its requests instead of publishing unchecked.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class MsgSecCheckAttribute : Attribute, IWeChatCheckMetadata, IFilterFactory
{
    private readonly WeChatScene? _scene;

    /// <summary>Checks every bound string.</summary>
    public MsgSecCheckAttribute()
    {
    }

    /// <summary>Checks the text of one field.</summary>
    /// <param name="field">A parameter name or a property path such as <c>Post.Title</c>.</param>
    public MsgSecCheckAttribute(string field)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        Field = field;
    }

    /// <summary>The parameter name or property path checked; null checks every bound string.</summary>
    public string? Field { get; }

    /// <summary>
    /// The scene the text is published in (v2 checks). When it is not set,
    /// <see cref="WeChatSecurityOptions.DefaultScene"/> applies and this property reads as 0.
    /// </summary>
    public WeChatScene Scene
    {
        get => _scene.GetValueOrDefault();
        init => _scene = value;
    }

    WeChatCheckKind IWeChatCheckMetadata.Kind => WeChatCheckKind.Text;

    WeChatScene? IWeChatCheckMetadata.Scene => _scene;

    bool IFilterFactory.IsReusable => true;

    IFilterMetadata IFilterFactory.CreateInstance(IServiceProvider serviceProvider) => UnrunCheck.Refuse("MsgSecCheck", serviceProvider);
}
