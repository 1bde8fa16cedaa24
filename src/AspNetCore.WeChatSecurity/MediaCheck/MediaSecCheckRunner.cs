using System.Globalization;
using System.Reflection;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// What <see cref="MediaSecCheckAttribute"/> does before the action, for MVC and minimal APIs alike: submits each file
/// of the named fields under a new correlation id and puts the pending checks on the request.
/// </summary>
internal sealed class MediaSecCheckRunner(IWeChatMediaCheck mediaCheck, IOptionsMonitor<WeChatSecurityOptions> options, ILogger<MediaSecCheckRunner> logger)
{
    /// <summary>Null when every file was submitted (the action may run); otherwise the answer to send instead.</summary>
    /// <param name="context">The request.</param>
    /// <param name="attributes">The checks of the action or endpoint.</param>
    /// <param name="everyFileFields">The fields whose handler parameter binds every file of the form, whatever its name (<see cref="EveryFileFields"/>).</param>
    public async Task<WeChatProblemResult?> SubmitAsync(HttpContext context, IEnumerable<MediaSecCheckAttribute> attributes, IReadOnlySet<string>? everyFileFields = null)
    {
        var uploads = await ReadUploadsAsync(context, attributes, everyFileFields);
        if (uploads is null)
        {
            return null;
        }

        var settings = options.CurrentValue;
        if (Refuse(uploads, settings.MediaCheck.MaxChecksPerRequest) is { } refused)
        {
            return refused;
        }

        var openId = WeChatCheckRunner.ResolveOpenId(context, settings);
        var checks = new List<WeChatPendingCheck>();
        foreach (var (attribute, file) in uploads)
        {
            var checkContext = new WeChatCheckContext { OpenId = openId, Scene = attribute.Scene };
            try
            {
                var pending = await mediaCheck.SubmitAsync(MediaCheckDelivery.NewId(), file, attribute.MediaType, checkContext, context.RequestAborted);
                checks.Add(pending with { Field = attribute.Field });
            }
            catch (WeChatInvalidContentException invalid)
            {
                return WeChatProblems.InvalidContent(invalid.Reason, invalid.Message, [attribute.Field]);
            }
            catch (WeChatUnavailableException unavailable)
            {
                // Whatever FailureMode says: with no check submitted no verdict would ever come for what the action
                // stores as pending, so letting it run would publish the upload unchecked or leave it pending for good.
                return WeChatProblems.Unavailable(unavailable.RetryAfter);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                // Asked wrongly (WeChat refused the request, v2 without an openid, no PublicBaseAddress...): as for
                // text, logged and answered 503, never a 500 with a stack trace, never the action without its check.
                MediaCheckLog.SubmissionFailed(logger, attribute.Field, exception);
                return WeChatProblems.Failed();
            }
        }

        context.Features.Set(new MediaChecksFeature(checks));
        return null;
    }

    /// <summary>
    /// The answer for files that refuse the request before anything is submitted (more than
    /// <see cref="WeChatMediaCheckOptions.MaxChecksPerRequest"/>, or one that cannot be), or null: asked before an
    /// action's or endpoint's text and image checks, so that their calls are not spent on a request refused for its files.
    /// </summary>
    public async Task<WeChatProblemResult?> RefuseAsync(HttpContext context, IEnumerable<MediaSecCheckAttribute> attributes, IReadOnlySet<string>? everyFileFields = null) =>
        await ReadUploadsAsync(context, attributes, everyFileFields) is { } uploads
            ? Refuse(uploads, options.CurrentValue.MediaCheck.MaxChecksPerRequest)
            : null;

    private WeChatProblemResult? Refuse(List<(MediaSecCheckAttribute Attribute, IFormFile File)> uploads, int limit) =>
        TooMany(uploads, limit) ?? Unsubmittable(uploads);

    // A file the service would refuse (empty, over WeChat's 10 MB) refuses the request before the first submission, as
    // it would after: the files submitted before it would be checks for an upload the action never stores.
    private static WeChatProblemResult? Unsubmittable(List<(MediaSecCheckAttribute Attribute, IFormFile File)> uploads)
    {
        foreach (var (attribute, file) in uploads)
        {
            if (WeChatMediaCheckService.Refusal(file.Length) is { } invalid)
            {
                return WeChatProblems.InvalidContent(invalid.Reason, invalid.Message, [attribute.Field]);
            }
        }

        return null;
    }

    // The files of the attributes' fields, or null for a request without a form (nothing to submit).
    private static async Task<List<(MediaSecCheckAttribute Attribute, IFormFile File)>?> ReadUploadsAsync(HttpContext context, IEnumerable<MediaSecCheckAttribute> attributes, IReadOnlySet<string>? everyFileFields)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var uploads = new List<(MediaSecCheckAttribute Attribute, IFormFile File)>();
        foreach (var attribute in attributes)
        {
            var everyFile = everyFileFields?.Contains(attribute.Field) == true;
            foreach (var file in form.Files.Where(file => everyFile || IsOfField(file.Name, attribute.Field)))
            {
                uploads.Add((attribute, file));
            }
        }

        return uploads;
    }

    // MVC binds a [FromForm] model's file property from its name with or without the model's prefix ("upload.voice" or
    // "voice"), whichever the client sends: a file is the field's whatever prefix either carries, so that no name the
    // action binds the file from reaches it unchecked. A prefixed name the action does not bind is checked all the same.
    private static bool IsOfField(string fileName, string field) =>
        LastSegment(fileName).Equals(LastSegment(field), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The names of a minimal API handler's <see cref="IFormFileCollection"/> parameters: minimal APIs bind one to every
    /// file of the form, whatever its name, so that a field naming one must take them all, or a file named otherwise
    /// would reach the handler unchecked. (MVC binds one by its name, as any file.)
    /// </summary>
    public static IReadOnlySet<string> EveryFileFields(MethodInfo? handler) =>
        (handler?.GetParameters() ?? [])
            .Where(parameter => parameter.ParameterType == typeof(IFormFileCollection) && parameter.Name is not null)
            .Select(parameter => parameter.Name!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> LastSegment(string name) => name.AsSpan(name.LastIndexOf('.') + 1);

    // Refused before the first submission: each file is a media_check_async call on the quota every other user shares,
    // and up to 10 MB kept until WeChat downloads it. Every file counts, identical ones too: whether one joins a check in
    // flight depends on other requests, and the answer to this one must not.
    private WeChatProblemResult? TooMany(List<(MediaSecCheckAttribute Attribute, IFormFile File)> uploads, int limit)
    {
        if (uploads.Count <= limit)
        {
            return null;
        }

        var fields = uploads.Select(upload => upload.Attribute.Field).Distinct(StringComparer.Ordinal).ToList();
        MediaCheckLog.TooManyFiles(logger, uploads.Count, fields, limit);
        return WeChatProblems.InvalidContent(
            WeChatInvalidContentReason.TooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The request carries {uploads.Count:N0} files to check; at most {limit:N0} are accepted ({WeChatSecurityOptions.SectionName}:MediaCheck:MaxChecksPerRequest)."),
            fields);
    }
}
