using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// Checks the values a filter collected: one call per distinct value and scene, the distinct values at once, then
/// decides for the request. Invalid content (400/413/415) wins over a rejection (422), which wins over WeChat being
/// unavailable (503 or let through, by <see cref="WeChatSecurityOptions.FailureMode"/>).
/// </summary>
internal sealed class WeChatCheckRunner(
    IWeChatContentSecurity security,
    IOptionsMonitor<WeChatSecurityOptions> options,
    WeChatFailOpenRecorder failOpen,
    ILogger<WeChatCheckRunner> logger)
{
    public WeChatSecurityOptions Options => options.CurrentValue;

    public async Task<WeChatCheckOutcome> RunAsync(HttpContext httpContext, List<CollectedValue> values, string target)
    {
        if (values.Count == 0)
        {
            return WeChatCheckOutcome.Passed;
        }

        var settings = options.CurrentValue;
        var checks = new List<PendingCheck>();
        var owners = new int[values.Count];
        Dictionary<(string Text, WeChatScene Scene), int>? texts = null;
        Dictionary<IFormFile, int>? files = null;
        string? openId = null;
        var openIdResolved = false;

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.File is { } file)
            {
                files ??= new(ReferenceEqualityComparer.Instance);
                owners[i] = Distinct(files, file, checks, () => new PendingCheck(null, file, null));
                continue;
            }

            // The service passes empty text without a call; skipping it here also skips the task.
            if (string.IsNullOrWhiteSpace(value.Text))
            {
                owners[i] = -1;
                continue;
            }

            if (!openIdResolved)
            {
                openId = ResolveOpenId(httpContext, settings);
                openIdResolved = true;
            }

            texts ??= [];
            var context = new WeChatCheckContext { Scene = value.Scene, OpenId = openId };
            owners[i] = Distinct(texts, (value.Text, value.Scene), checks, () => new PendingCheck(value.Text, null, context));
        }

        if (checks.Count == 0)
        {
            return WeChatCheckOutcome.Passed;
        }

        var cancellationToken = httpContext.RequestAborted;
        var results = new CheckResult[checks.Count];
        if (checks.Count == 1)
        {
            results[0] = await CheckAsync(checks[0], target, cancellationToken);
        }
        else
        {
            var tasks = new Task<CheckResult>[checks.Count];
            for (var i = 0; i < checks.Count; i++)
            {
                tasks[i] = CheckAsync(checks[i], target, cancellationToken);
            }

            results = await Task.WhenAll(tasks);
        }

        return Decide(values, owners, results, settings, target);
    }

    private WeChatCheckOutcome Decide(List<CollectedValue> values, int[] owners, CheckResult[] results, WeChatSecurityOptions settings, string target)
    {
        List<string>? invalidKeys = null;
        WeChatInvalidContentException? firstInvalid = null;
        List<WeChatFieldRejection>? rejections = null;
        HashSet<string>? rejectedKeys = null;
        Exception? unavailable = null;

        for (var i = 0; i < values.Count; i++)
        {
            if (owners[i] < 0)
            {
                continue;
            }

            var result = results[owners[i]];
            var key = values[i].Key;
            switch (result.Failure)
            {
                case WeChatInvalidContentException invalid:
                    firstInvalid ??= invalid;
                    invalidKeys ??= [];
                    if (!invalidKeys.Contains(key, StringComparer.Ordinal))
                    {
                        invalidKeys.Add(key);
                    }

                    break;
                case { } failure:
                    unavailable ??= failure;
                    break;
                default:
                    if (IsRejected(result.Verdict!, settings))
                    {
                        rejections ??= [];
                        rejectedKeys ??= new(StringComparer.Ordinal);
                        if (rejectedKeys.Add(key))
                        {
                            rejections.Add(new WeChatFieldRejection(key, result.Verdict!));
                        }
                    }

                    break;
            }
        }

        if (firstInvalid is not null)
        {
            WeChatCheckLog.InvalidContent(logger, invalidKeys!, target, firstInvalid.StatusCode);
            return WeChatCheckOutcome.InvalidContent(firstInvalid.StatusCode, firstInvalid.Message, invalidKeys!);
        }

        if (rejections is not null)
        {
            WeChatCheckLog.ContentRejected(logger, rejectedKeys!, target);
            return WeChatCheckOutcome.Rejected(rejections);
        }

        if (unavailable is null)
        {
            return WeChatCheckOutcome.Passed;
        }

        var reason = unavailable is WeChatUnavailableException known ? known.Reason : (WeChatUnavailableReason?)null;
        var reasonText = reason?.ToString() ?? "unexpected failure";
        if (settings.FailureMode == WeChatFailureMode.Allow)
        {
            WeChatCheckLog.UnavailableAllowed(logger, target, reasonText);
            failOpen.Record(reason);
            return WeChatCheckOutcome.Passed;
        }

        WeChatCheckLog.UnavailableBlocked(logger, target, reasonText);
        return WeChatCheckOutcome.Unavailable((unavailable as WeChatUnavailableException)?.RetryAfter);
    }

    /// <summary>Risky content, and review verdicts unless the options let them through.</summary>
    public static bool IsRejected(WeChatVerdict verdict, WeChatSecurityOptions settings) => verdict.Suggestion switch
    {
        WeChatSuggestion.Risky => true,
        WeChatSuggestion.Review => settings.ReviewAction == WeChatReviewAction.Reject,
        _ => false,
    };

    /// <summary>The openid from the configured claim, else from the resolver.</summary>
    public static string? ResolveOpenId(HttpContext httpContext, WeChatSecurityOptions settings)
    {
        var claim = httpContext.User?.FindFirst(settings.OpenIdClaimType)?.Value;
        return string.IsNullOrEmpty(claim) ? settings.OpenIdResolver?.Invoke(httpContext) : claim;
    }

    private static int Distinct<TKey>(Dictionary<TKey, int> seen, TKey key, List<PendingCheck> checks, Func<PendingCheck> create)
        where TKey : notnull
    {
        if (!seen.TryGetValue(key, out var index))
        {
            index = checks.Count;
            checks.Add(create());
            seen.Add(key, index);
        }

        return index;
    }

    // Exceptions become results so that one failed value does not hide the verdicts of the others; any exception other
    // than the documented ones (for example WeChatApiException for a bad openid) is treated as WeChat being
    // unavailable, logged as an error, so that a caller error never turns into a 500 with a stack trace.
    private async Task<CheckResult> CheckAsync(PendingCheck check, string target, CancellationToken cancellationToken)
    {
        try
        {
            if (check.File is { } file)
            {
                await using var stream = file.OpenReadStream();
                return new CheckResult(await security.CheckImageAsync(stream, cancellationToken), null);
            }

            return new CheckResult(await security.CheckTextAsync(check.Text!, check.Context, cancellationToken), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (WeChatInvalidContentException invalid)
        {
            return new CheckResult(null, invalid);
        }
        catch (WeChatUnavailableException unavailable)
        {
            return new CheckResult(null, unavailable);
        }
        catch (Exception failure)
        {
            WeChatCheckLog.CheckerFailed(logger, failure, target);
            return new CheckResult(null, failure);
        }
    }

    private sealed record PendingCheck(string? Text, IFormFile? File, WeChatCheckContext? Context);

    private readonly record struct CheckResult(WeChatVerdict? Verdict, Exception? Failure);
}
