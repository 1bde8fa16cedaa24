using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using AspNetCore.WeChatSecurity.ApiVersions;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Responses;
using AspNetCore.WeChatSecurity.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Checks the values a filter collected and answers for the request: one call per distinct value and scene, the
/// distinct values at once, then the ProblemDetails to send instead of running the action, or null to run it. Invalid
/// content (400/413/415) wins over a rejection (422), which wins over a check that could not be asked as it should
/// (503, whatever the failure mode), which wins over WeChat not answering (503 or let through, by
/// <see cref="WeChatSecurityOptions.FailureMode"/>).
/// </summary>
internal sealed class WeChatCheckRunner
{
    /// <summary>The most fields a refusal names, as <c>MvcOptions.MaxModelValidationErrors</c> is by default.</summary>
    private const int MaxNamedFields = 200;

    // The single value's check is the first and only one.
    private static readonly int[] FirstOwner = [0];

    private static readonly WeChatCheckContext[] AnonymousContexts =
        [.. Enumerable.Range(0, (int)Enum.GetValues<WeChatScene>().Max() + 1).Select(scene => new WeChatCheckContext { Scene = (WeChatScene)scene })];

    private readonly IWeChatContentSecurity security;

    // The library's own service, whose memory level a single value can be answered from; null when the application
    // replaced the service, whose every check then goes through it.
    private readonly WeChatContentSecurity? memory;
    private readonly WeChatFailOpenRecorder failOpen;
    private readonly ILogger<WeChatCheckRunner> logger;
    private volatile WeChatSecurityOptions _options;

    public WeChatCheckRunner(
        IWeChatContentSecurity security,
        IOptionsMonitor<WeChatSecurityOptions> options,
        WeChatFailOpenRecorder failOpen,
        ILogger<WeChatCheckRunner> logger)
    {
        this.security = security;
        memory = security as WeChatContentSecurity;
        this.failOpen = failOpen;
        this.logger = logger;

        // Kept in a field, as the service keeps it, so that a checked request pays no options lookup.
        _options = options.CurrentValue;
        options.OnChange(current => _options = current);
    }

    /// <summary>The answer for the request's values, or null when the action may run.</summary>
    public ValueTask<WeChatProblemResult?> RunAsync(HttpContext httpContext, List<CollectedValue> values, string target) => values.Count switch
    {
        0 => default,
        1 => RunOneAsync(httpContext, values[0], target),
        _ => RunManyAsync(httpContext, values, target),
    };

    /// <summary>A budget for collecting one request's values for <paramref name="target"/>, under the current limits.</summary>
    public CollectionBudget BudgetFor(string target) => new(_options, logger, target);

    /// <summary>
    /// The verdict the memory level holds for one text, when it does: the filters look here first, since most checked
    /// requests end here, and then run the action at once, or answer the rejection with <see cref="Rejected"/>, without
    /// starting a check (no task, no frame). Null sends the value to <see cref="CheckOneAsync"/> with
    /// <paramref name="openId"/>, resolved here once for both.
    /// </summary>
    public WeChatVerdict? FromMemory(HttpContext httpContext, string text, WeChatScene? scene, out string? openId)
    {
        var settings = _options;
        if (!NeedsCheck(text, settings))
        {
            openId = null;
            return null;
        }

        openId = OpenIdFor(httpContext, settings);
        return memory is not null && memory.TryGetCachedText(text, !string.IsNullOrWhiteSpace(openId), scene, out var verdict)
            ? verdict
            : null;
    }

    /// <summary>Whether <paramref name="verdict"/> keeps the content out under the current options.</summary>
    public bool Rejects(WeChatVerdict verdict) => WeChatContentSecurity.IsRejected(verdict, _options);

    /// <summary>The answer for one value that <paramref name="verdict"/>, from <see cref="FromMemory"/>, rejects.</summary>
    /// <remarks>
    /// Not decided again: <see cref="Rejects"/> has judged the verdict, and options reloaded in between (a review let
    /// through since) must not turn the rejection into no answer, which a minimal API would send as an empty 200.
    /// </remarks>
    public WeChatProblemResult Rejected(CollectedValue value, WeChatVerdict verdict, string target) =>
        Reject([(value.Key, verdict)], [value.Key], _options, target);

    /// <summary>
    /// Checks one value: most requests have one, which has nothing to share its check with and needs no arrays for the
    /// decision. A text whose verdict is in memory is answered from there, as the filters answer it (a value they walked
    /// to, or a single value of a plan with several targets).
    /// </summary>
    public ValueTask<WeChatProblemResult?> RunOneAsync(HttpContext httpContext, CollectedValue value, string target)
    {
        if (value is not { File: null, Text: { } text })
        {
            return CheckOneAsync(httpContext, value, openId: null, target);
        }

        return FromMemory(httpContext, text, value.Scene, out var openId) is { } verdict
            ? Rejects(verdict) ? ValueTask.FromResult<WeChatProblemResult?>(Rejected(value, verdict, target)) : default
            : CheckOneAsync(httpContext, value, openId, target);
    }

    /// <summary>
    /// Checks one value without looking in memory first: for a value whose look there (<see cref="FromMemory"/>) just
    /// missed, which the service's cache then settles, with the openid that look resolved. A verdict that completes at
    /// once is answered without an async frame of ours.
    /// </summary>
    public ValueTask<WeChatProblemResult?> CheckOneAsync(HttpContext httpContext, CollectedValue value, string? openId, string target)
    {
        var settings = _options;
        if (value.File is null && !NeedsCheck(value.Text, settings))
        {
            return default;
        }

        var pending = Start(CreateCheck(value, openId), httpContext.RequestAborted);
        if (!pending.IsCompletedSuccessfully)
        {
            return DecideOneAsync(value, pending, settings, target, httpContext.RequestAborted);
        }

        // A replaced service's null is a faulty check, not a pass (see NullVerdict).
        return pending.Result switch
        {
            null => ValueTask.FromResult(DecideOne(value, verdict: null, Failed(NullVerdict(), target), settings, target)),
            var verdict when WeChatContentSecurity.IsRejected(verdict, settings) => ValueTask.FromResult(DecideOne(value, verdict, failure: null, settings, target)),
            _ => default,
        };
    }

    private async ValueTask<WeChatProblemResult?> DecideOneAsync(CollectedValue value, ValueTask<WeChatVerdict> pending, WeChatSecurityOptions settings, string target, CancellationToken cancellationToken)
    {
        WeChatVerdict? verdict = null;
        Exception? failure = null;
        try
        {
            verdict = await pending ?? throw NullVerdict();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = Failed(exception, target);
        }

        return DecideOne(value, verdict, failure, settings, target);
    }

    // One value's check ended with a verdict or a failure.
    private WeChatProblemResult? DecideOne(CollectedValue value, WeChatVerdict? verdict, Exception? failure, WeChatSecurityOptions settings, string target) =>
        Decide(new ReadOnlySpan<CollectedValue>(in value), FirstOwner, new ReadOnlySpan<WeChatVerdict?>(in verdict), new ReadOnlySpan<Exception?>(in failure), settings, target);

    private async ValueTask<WeChatProblemResult?> RunManyAsync(HttpContext httpContext, List<CollectedValue> values, string target)
    {
        var settings = _options;
        var checks = new List<PendingCheck>();
        var owners = new int[values.Count];
        Dictionary<(string Text, WeChatScene? Scene), int>? texts = null;
        Dictionary<IFormFile, int>? files = null;
        string? openId = null;
        TextChunkLimit chunkLimit = default;
        var openIdResolved = false;
        var mostTextCalls = 0;
        List<string>? tooLongKeys = null;
        var firstTooLong = 0;

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.File is { } file)
            {
                files ??= new(ReferenceEqualityComparer.Instance);
                owners[i] = Distinct(files, file, checks, value, openId);
                continue;
            }

            if (!NeedsCheck(value.Text, settings))
            {
                owners[i] = -1;
                continue;
            }

            if (value.Text.Length > settings.Text.MaxTextLength)
            {
                owners[i] = -1;
                if (tooLongKeys is null)
                {
                    tooLongKeys = [];
                    firstTooLong = value.Text.Length;
                }

                tooLongKeys.Add(value.Key);
                continue;
            }

            if (!openIdResolved)
            {
                openId = OpenIdFor(httpContext, settings);
                chunkLimit = ChunkLimitFor(openId, settings);
                openIdResolved = true;
            }

            texts ??= [];
            var distinctBefore = checks.Count;
            owners[i] = Distinct(texts, (value.Text, value.Scene), checks, value, openId);
            if (checks.Count > distinctBefore)
            {
                mostTextCalls += MostTextCalls(value.Text, chunkLimit, settings.Text);
            }
        }

        if (checks.Count == 0 && tooLongKeys is null)
        {
            return null;
        }

        // More distinct images than Images:MaxChecksPerRequest were refused while collecting (CollectionBudget tells files
        // apart as this does); texts are counted there by value, here in calls.
        if ((TooManyTexts(mostTextCalls, checks, chunkLimit, settings.Text, target)
            ?? TooLong(tooLongKeys, firstTooLong, settings.Text.MaxTextLength, target)) is { } refused)
        {
            return refused;
        }

        var cancellationToken = httpContext.RequestAborted;
        var failures = new Exception?[checks.Count];
        InspectedImage?[]? inspected = null;
        if (files is not null && memory is not null)
        {
            inspected = new InspectedImage?[checks.Count];
            await InspectImagesAsync(checks, inspected, failures, cancellationToken);
            if (Invalid(CollectionsMarshal.AsSpan(values), owners, failures, target) is { } refusedImage)
            {
                return refusedImage;
            }
        }

        // Every check runs to its end: one failed value does not hide the verdicts of the others.
        var tasks = new Task<WeChatVerdict>[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            tasks[i] = failures[i] is { } unread ? Task.FromException<WeChatVerdict>(unread)
                : inspected?[i] is { } image ? memory!.CheckInspectedImageAsync(image, cancellationToken).AsTask()
                : Start(checks[i], cancellationToken).AsTask();
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Each task's own failure is read below.
        }

        var verdicts = new WeChatVerdict?[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            if (tasks[i].IsCompletedSuccessfully && tasks[i].Result is { } verdict)
            {
                verdicts[i] = verdict;
            }
            else
            {
                failures[i] = Failed(tasks[i].IsCompletedSuccessfully ? NullVerdict() : tasks[i].Exception?.InnerException ?? new TaskCanceledException(tasks[i]), target);
            }
        }

        return Decide(CollectionsMarshal.AsSpan(values), owners, verdicts, failures, settings, target);
    }

    // The library's own service reads and inspects each image before any check of the request starts: one it cannot
    // check (no image, too large) refuses the request, and the other values' calls would be spent on it. A failure
    // that is no refusal (the upload could not be read) is the image's check's failure, decided on with the verdicts.
    private async ValueTask InspectImagesAsync(List<PendingCheck> checks, InspectedImage?[] inspected, Exception?[] failures, CancellationToken cancellationToken)
    {
        for (var i = 0; i < checks.Count; i++)
        {
            if (checks[i].File is not { } file)
            {
                continue;
            }

            try
            {
                await using var stream = file.OpenReadStream();
                inspected[i] = await memory!.InspectImageAsync(stream, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }
    }

    // Refused before any check starts: one request must not spend the per-minute quota every other user shares. Here
    // alone: the options validator keeps the limit at or above the calls of the longest text accepted, so that a single
    // value never exceeds it and the one-value paths need no count. Counted in calls, as the quota is: a long text is
    // one call per chunk. The most its length allows (exact for a text of one chunk, the usual kind) clears most requests
    // without walking a long text's chunks, which the service then walks again: the chunks are counted only for a request
    // that bound does not clear.
    private WeChatProblemResult? TooManyTexts(int mostCalls, List<PendingCheck> checks, TextChunkLimit chunkLimit, WeChatTextOptions settings, string target)
    {
        var limit = settings.MaxChecksPerRequest;
        if (mostCalls <= limit)
        {
            return null;
        }

        var texts = 0;
        var calls = 0;
        foreach (var check in checks)
        {
            if (check.Text is { } text)
            {
                texts++;
                calls += TextCalls(text, chunkLimit, settings);
            }
        }

        if (calls <= limit)
        {
            return null;
        }

        return WeChatProblems.InvalidContent(CollectionBudget.TooMany(logger, target, calls, "text", limit, string.Create(CultureInfo.InvariantCulture, $"The request carries {texts:N0} distinct texts to check, needing {calls:N0} WeChat calls (a long text takes one per chunk); at most {limit:N0} calls are accepted (WeChatSecurity:Text:MaxChecksPerRequest).")));
    }

    // A text over the length limit refuses the request as its own check would (413, every such text named, the first
    // one's length stated), but before any check starts: the other values' calls would be spent on a refused request.
    private WeChatProblemResult? TooLong(List<string>? keys, int firstLength, int maxTextLength, string target)
    {
        if (keys is null)
        {
            return null;
        }

        var refusal = WeChatContentSecurity.TextTooLong(firstLength, maxTextLength);
        return Refuse(refusal.Reason, refusal.Message, keys, target);
    }

    // The chunk size of the request's text checks: the version decides it, as the service decides it for the openid they
    // carry (v2 for v2 forced without an openid, whose check fails without a call, so that the count errs on the side of
    // more). Once per request, as the openid is.
    private static TextChunkLimit ChunkLimitFor(string? openId, WeChatSecurityOptions settings) =>
        TextChunkLimit.ForVersion(ApiVersionSelector.ForText(!string.IsNullOrWhiteSpace(openId), settings) ?? 2);

    // The msg_sec_check calls a text needs with none of its chunks cached: what the cache holds is left out, so that
    // whether a request is accepted does not depend on what other requests checked before it. Only texts within the
    // length limit are counted: a longer one refuses the request on its own.
    private static int TextCalls(string text, TextChunkLimit chunkLimit, WeChatTextOptions settings) =>
        TextChunker.Count(text, chunkLimit, settings.ChunkOverlap);

    // At least TextCalls, from the length alone: no character is read.
    private static int MostTextCalls(string text, TextChunkLimit chunkLimit, WeChatTextOptions settings) =>
        TextChunker.MostChunks(text.Length, chunkLimit, settings.ChunkOverlap);

    // Each value's check ended with a verdict or a failure (verdicts[owner] or failures[owner]).
    private WeChatProblemResult? Decide(
        ReadOnlySpan<CollectedValue> values,
        ReadOnlySpan<int> owners,
        ReadOnlySpan<WeChatVerdict?> verdicts,
        ReadOnlySpan<Exception?> failures,
        WeChatSecurityOptions settings,
        string target)
    {
        if (Invalid(values, owners, failures, target) is { } invalid)
        {
            return invalid;
        }

        List<(string Key, WeChatVerdict Verdict)>? rejections = null;
        HashSet<string>? rejectedKeys = null;
        WeChatUnavailableException? unavailable = null;
        var failed = false;

        for (var i = 0; i < values.Length; i++)
        {
            if (owners[i] < 0)
            {
                continue;
            }

            var key = values[i].Key;
            switch (failures[owners[i]])
            {
                case WeChatUnavailableException notAnswered:
                    unavailable ??= notAnswered;
                    break;
                case not null:
                    failed = true;
                    break;
                default:
                    var verdict = verdicts[owners[i]]!;
                    if (WeChatContentSecurity.IsRejected(verdict, settings))
                    {
                        rejections ??= [];
                        rejectedKeys ??= new(StringComparer.Ordinal);
                        if (rejectedKeys.Add(key))
                        {
                            rejections.Add((key, verdict));
                        }
                    }

                    break;
            }
        }

        if (rejections is not null)
        {
            return Reject(rejections, rejectedKeys!, settings, target);
        }

        // Asked wrongly: the failure mode is for WeChat's outages, never for the application's own errors.
        if (failed)
        {
            return WeChatProblems.Failed();
        }

        if (unavailable is null)
        {
            return null;
        }

        if (settings.FailureMode == WeChatFailureMode.Allow)
        {
            WeChatCheckLog.UnavailableAllowed(logger, target, unavailable.Reason.ToString());
            failOpen.Record(unavailable.Reason);
            return null;
        }

        WeChatCheckLog.UnavailableBlocked(logger, target, unavailable.Reason.ToString());
        return WeChatProblems.Unavailable(unavailable.RetryAfter);
    }

    // Content that cannot be checked as it is wins over any verdict: every value it was found in is named, and the first
    // one's reason and message are given.
    private WeChatProblemResult? Invalid(ReadOnlySpan<CollectedValue> values, ReadOnlySpan<int> owners, ReadOnlySpan<Exception?> failures, string target)
    {
        List<string>? keys = null;
        WeChatInvalidContentException? first = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (owners[i] >= 0 && failures[owners[i]] is WeChatInvalidContentException invalid)
            {
                first ??= invalid;
                (keys ??= []).Add(values[i].Key);
            }
        }

        return first is null ? null : Refuse(first.Reason, first.Message, keys!, target);
    }

    // Each key once, in the order first met, the first MaxNamedFields of them: a body may hold hundreds of thousands of
    // texts over a small MaxTextLength, which the collection budget does not count, and the answer and its log line
    // would name every one. MVC stops recording model errors at the same count (MvcOptions.MaxModelValidationErrors).
    private WeChatProblemResult Refuse(WeChatInvalidContentReason reason, string message, List<string> keys, string target)
    {
        List<string> named = [.. keys.Distinct(StringComparer.Ordinal).Take(MaxNamedFields + 1)];
        if (named.Count > MaxNamedFields)
        {
            named.RemoveAt(MaxNamedFields);
            message += string.Create(CultureInfo.InvariantCulture, $" Only the first {MaxNamedFields} fields are named.");
        }

        WeChatCheckLog.InvalidContent(logger, named, target, reason);
        return WeChatProblems.InvalidContent(reason, message, named);
    }

    private WeChatProblemResult Reject(IReadOnlyList<(string Key, WeChatVerdict Verdict)> rejections, IEnumerable<string> keys, WeChatSecurityOptions settings, string target)
    {
        WeChatCheckLog.ContentRejected(logger, keys, target);
        return WeChatProblems.Rejected(rejections, settings.RejectionMessage);
    }

    // The service passes blank text without a call, so skipping it here also skips the task; blank text over the length
    // limit still goes to the service, which refuses it (413) as it refuses any text that long.
    private static bool NeedsCheck([NotNullWhen(true)] string? text, WeChatSecurityOptions settings) =>
        text is not null && (!string.IsNullOrWhiteSpace(text) || text.Length > settings.Text.MaxTextLength);

    // The openid a text check may send: none under V1, which never sends one, so that such an app pays no claim lookup.
    // A service the application put in the library's place still gets it, as it always has: it may use it otherwise.
    private string? OpenIdFor(HttpContext httpContext, WeChatSecurityOptions settings) =>
        settings.TextVersion == WeChatApiVersion.V1 && memory is not null ? null : ResolveOpenId(httpContext, settings);

    /// <summary>The openid from the configured claim, else from the resolver.</summary>
    public static string? ResolveOpenId(HttpContext httpContext, WeChatSecurityOptions settings)
    {
        // DefaultHttpContext.User creates an empty principal when no authentication ran, which has no claim to find;
        // its feature holds the same principal, or null, without allocating one per request. Asked by type rather than
        // with Get<T>, a generic interface method whose dispatch costs every checked request a runtime lookup.
        var user = httpContext is DefaultHttpContext
            ? (httpContext.Features[typeof(IHttpAuthenticationFeature)] as IHttpAuthenticationFeature)?.User
            : httpContext.User;
        var claim = user?.FindFirst(settings.OpenIdClaimType)?.Value;
        // A blank claim is no openid (as the version rule reads it): the resolver still gets its turn.
        return string.IsNullOrWhiteSpace(claim) ? settings.OpenIdResolver?.Invoke(httpContext) : claim;
    }

    private static int Distinct<TKey>(Dictionary<TKey, int> seen, TKey key, List<PendingCheck> checks, CollectedValue value, string? openId)
        where TKey : notnull
    {
        if (!seen.TryGetValue(key, out var index))
        {
            index = checks.Count;
            checks.Add(CreateCheck(value, openId));
            seen.Add(key, index);
        }

        return index;
    }

    private static PendingCheck CreateCheck(CollectedValue value, string? openId) => value.File is { } file
        ? new PendingCheck(null, file, null)
        : new PendingCheck(value.Text, null, openId is null ? ContextFor(value.Scene) : new WeChatCheckContext { Scene = value.Scene, OpenId = openId });

    // A context cannot change once made, and without an openid it depends on the scene alone: one per scene serves all.
    // Without a scene there is nothing to say: the service applies the default scene.
    private static WeChatCheckContext? ContextFor(WeChatScene? scene) => scene switch
    {
        null => null,
        { } known when (uint)known < (uint)AnonymousContexts.Length => AnonymousContexts[(int)known],
        { } other => new WeChatCheckContext { Scene = other },
    };

    // A check that throws before its task exists fails in its task, as an async method's would.
    private ValueTask<WeChatVerdict> Start(PendingCheck check, CancellationToken cancellationToken)
    {
        try
        {
            return check.File is { } file
                ? CheckFileAsync(file, cancellationToken)
                : security.CheckTextAsync(check.Text!, check.Context, cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<WeChatVerdict>(exception);
        }
    }

    private async ValueTask<WeChatVerdict> CheckFileAsync(IFormFile file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        return await security.CheckImageAsync(stream, cancellationToken);
    }

    // Failures are decided on with the verdicts, so that one failed value does not hide the verdicts of the others.
    // WeChat not answering is WeChatUnavailableException alone; anything else (WeChatApiException for a bad openid, v2
    // without an openid, a bug) was asked wrongly: logged as an error and answered 503, never let through, never a 500
    // with a stack trace. The caller's own cancellation is not a failure: it propagates.
    private Exception Failed(Exception failure, string target)
    {
        if (failure is not (WeChatInvalidContentException or WeChatUnavailableException))
        {
            WeChatCheckLog.CheckerFailed(logger, failure, target);
        }

        return failure;
    }

    // An application's own service may complete a check with null despite the signature: that is a bug in it, to be
    // logged and answered 503 like any other faulty check, never read as a pass nor left to fail as a 500 further on.
    private InvalidOperationException NullVerdict() => new(
        $"The registered {nameof(IWeChatContentSecurity)} ({security.GetType().FullName}) completed a check with a null {nameof(WeChatVerdict)}; a check must return a verdict or throw.");

    private readonly record struct PendingCheck(string? Text, IFormFile? File, WeChatCheckContext? Context);
}
