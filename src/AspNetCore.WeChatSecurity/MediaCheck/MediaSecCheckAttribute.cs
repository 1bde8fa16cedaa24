using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Submits an uploaded file to WeChat's asynchronous check (<c>media_check_async</c>) before the action runs: audio, or
/// images checked with version 2. The verdict comes later, to the <see cref="IWeChatMediaCheckResultHandler"/>s; the
/// action stores its item as pending under the check's correlation id, read with
/// <c>HttpContext.GetWeChatMediaCheck("voice")</c>. An upload over 10 MB, or a body over the action's request size or
/// form limit, is answered 413 ProblemDetails under the field, an empty one 400, and the action does not run.
/// </summary>
/// <remarks>
/// The field is the form field's name (an <c>IFormFile</c> parameter's or a form model property's name, matched
/// case-insensitively, with or without a model prefix: <c>voice</c> also takes <c>upload.voice</c>, which MVC binds as
/// well); every file in it is submitted, each under a new correlation id. A field with no file is left to the action's own validation. On a
/// minimal API use <c>WithMediaSecCheck("voice", WeChatMediaType.Audio)</c> on the endpoint; there, a field naming an
/// <c>IFormFileCollection</c> parameter takes every file of the form, as minimal APIs bind one whatever the files' names. A field that names none of
/// the files the action binds stops the start; so does the attribute on a minimal API handler without
/// <c>WithMediaSecCheck</c>. An action whose attribute nothing would run (the services were never added, or it is a
/// Razor Page) refuses its requests instead of publishing unchecked.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class MediaSecCheckAttribute : Attribute, IFilterFactory
{
    /// <summary>Submits the files of one form field.</summary>
    /// <param name="field">The form field's name.</param>
    /// <param name="mediaType">Audio (the default) or image.</param>
    public MediaSecCheckAttribute(string field, WeChatMediaType mediaType = WeChatMediaType.Audio)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        Field = field;
        MediaType = mediaType;
    }

    /// <summary>The form field whose files are submitted.</summary>
    public string Field { get; }

    /// <summary>Audio or image.</summary>
    public WeChatMediaType MediaType { get; }

    /// <summary>The scene of a version 2 check; null uses <see cref="WeChatSecurityOptions.DefaultScene"/>.</summary>
    public WeChatScene? Scene { get; init; }

    bool IFilterFactory.IsReusable => true;

    IFilterMetadata IFilterFactory.CreateInstance(IServiceProvider serviceProvider) => UnrunCheck.Refuse("MediaSecCheck", serviceProvider);
}
