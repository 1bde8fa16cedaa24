using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// WeChat's message push server for <c>wxa_media_check</c>: answers the URL check (GET with <c>echostr</c>) and receives
/// verdicts (POST) in the configured mode, XML or JSON. A push must carry a valid signature of the configured Token and
/// a timestamp inside the window; a signed query seen before (by any instance sharing the
/// <see cref="IWeChatPushReplayGuard"/>) must come with the same body; in safe mode it must be encrypted, with a valid
/// <c>msg_signature</c>, for our AppId. The verdict is then delivered to the handlers once. Each push is checked against
/// one snapshot of the options, so that a Token or key rotated by a reload applies to whole pushes.
/// </summary>
internal sealed class WeChatPushEndpoint(
    IOptionsMonitor<WeChatSecurityOptions> options,
    MediaCheckDelivery delivery,
    IWeChatPushReplayGuard replayGuard,
    TimeProvider time,
    ILogger<WeChatPushEndpoint> logger)
{
    /// <summary>A push is a few hundred bytes; a body past this is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string MediaCheckEvent = "wxa_media_check";

    // Read once, as the token provider reads it: the pushes are for the app whose token submitted the checks, which a
    // reload does not change (the AppId needs a restart).
    private readonly string? _appId = options.CurrentValue.AppId;

    public IResult Verify(HttpContext context)
    {
        if (!HasValidSignature(context.Request.Query, options.CurrentValue.MediaCheck, out var problem))
        {
            return problem;
        }

        var echo = context.Request.Query["echostr"].ToString();
        return Results.Text(echo, "text/plain", Encoding.UTF8);
    }

    public async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        var query = context.Request.Query;
        if (!HasValidSignature(query, settings.MediaCheck, out var problem) || !IsFresh(query, settings.MediaCheck, out var timestamp, out problem))
        {
            return problem;
        }

        var body = await BoundedStreamReader.ReadAsync(context.Request.Body, MaxBodyBytes, context.RequestAborted);
        if (body.Length > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Push too large", $"A WeChat push is at most {MaxBodyBytes} bytes.");
        }

        var encrypted = string.Equals(query["encrypt_type"], "aes", StringComparison.OrdinalIgnoreCase);
        if (!encrypted && settings.MediaCheck.EffectivePushMode == WeChatPushMode.Safe)
        {
            return Refuse("The push server is in safe mode, and this push is not encrypted: WeChat encrypts every push in safe mode.");
        }

        WeChatPushMessage message;
        try
        {
            message = WeChatPushMessageReader.Read(body);
            if (encrypted)
            {
                message = Decrypt(message, query, settings.MediaCheck, _appId);
            }
        }
        catch (FormatException exception)
        {
            MediaCheckLog.PushRejected(logger, exception.Message);
            return Problem(StatusCodes.Status400BadRequest, "Unreadable push", exception.Message);
        }

        // Only a push that reads (and, encrypted, matches its msg_signature) is remembered: a body sent ahead of WeChat's
        // with a signed query seen on its way must not make WeChat's own push, and its retries, look like a replay.
        // Remembered by what the signatures bind: the timestamp and nonce as signed, and the msg_signature of an encrypted
        // push (checked above), in lower case. The signature's hex case, or a msg_signature added to a plaintext push
        // (which nothing checks), would otherwise make a seen query look new.
        var messageSignature = encrypted ? query["msg_signature"].ToString().ToLowerInvariant() : string.Empty;
        var signedQuery = string.Join('|', query["timestamp"].ToString(), query["nonce"].ToString(), messageSignature);
        bool sameBody;
        try
        {
            sameBody = await replayGuard.TryAcceptAsync(signedQuery, SHA256.HashData(body.Span), KeepFor(timestamp, settings.MediaCheck), context.RequestAborted);
        }
        catch (WeChatUnavailableException unavailable)
        {
            // Accepting a push that may be a replay would let a forged verdict through; WeChat sends an unanswered push again.
            return Unavailable(context, unavailable);
        }

        if (!sameBody)
        {
            return Refuse("This signed query was already used with a different body: a push is never changed when WeChat sends it again.");
        }

        if (!string.Equals(message["Event"], MediaCheckEvent, StringComparison.OrdinalIgnoreCase))
        {
            MediaCheckLog.PushIgnored(logger, message["Event"] ?? "(none)");
            return Results.Text("success");
        }

        var result = ToResult(message);
        if (result is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable push", "The wxa_media_check push has no trace_id.");
        }

        MediaCheckLog.VerdictReceived(logger, result.TraceId, result.Version, result.Outcome, result.ErrorCode);
        return await delivery.DeliverPushAsync(result, context.RequestAborted) switch
        {
            DeliveryOutcome.Delivered or DeliveryOutcome.AlreadyDelivered => Results.Text("success"),

            // WeChat delivers a push again when it is not acknowledged: a failed handler gets another chance.
            DeliveryOutcome.HandlerFailed => Problem(StatusCodes.Status500InternalServerError, "Verdict not stored", "A media check result handler failed; WeChat will deliver the push again."),
            DeliveryOutcome.Unreadable => Problem(StatusCodes.Status500InternalServerError, "Verdict not stored", "The check this push answers cannot be read from the store; WeChat will deliver the push again."),
            DeliveryOutcome.NotRecorded => Problem(StatusCodes.Status503ServiceUnavailable, "Verdict not stored", "The check this push answers is not recorded in the media check store yet; WeChat will send the push again."),
            _ => Problem(StatusCodes.Status503ServiceUnavailable, "Verdict being delivered", "The verdict is being delivered by another request; WeChat will send the push again."),
        };
    }

    private bool IsFresh(IQueryCollection query, WeChatMediaCheckOptions settings, out DateTimeOffset timestamp, out IResult problem)
    {
        var window = settings.PushTimestampWindow;
        if (long.TryParse(query["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= (long)window.TotalSeconds)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
            problem = Results.Empty;
            return true;
        }

        timestamp = default;

        problem = Refuse($"The push's timestamp is missing or more than {window} from now: an old signed push cannot be sent again.");
        return false;
    }

    /// <summary>
    /// Until the timestamp leaves the window on this instance's clock, and one window more for the other instances of a
    /// farm, whose clocks may be behind: no instance accepts the query after that, so it need not be remembered.
    /// </summary>
    private TimeSpan KeepFor(DateTimeOffset timestamp, WeChatMediaCheckOptions settings) =>
        timestamp + settings.PushTimestampWindow - time.GetUtcNow() + settings.PushTimestampWindow;

    private IResult Unavailable(HttpContext context, WeChatUnavailableException unavailable)
    {
        MediaCheckLog.PushRejected(logger, unavailable.Message);
        context.Response.Headers.RetryAfter = WeChatProblems.RetryAfterSeconds(unavailable.RetryAfter).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Push not checked", unavailable.Message);
    }

    private IResult Refuse(string detail)
    {
        MediaCheckLog.PushRejected(logger, detail);
        return Problem(StatusCodes.Status401Unauthorized, "Push refused", detail);
    }

    private bool HasValidSignature(IQueryCollection query, WeChatMediaCheckOptions settings, out IResult problem)
    {
        // MapWeChatMediaCheckPush required a Token at start; after a reload that removed it, no push is accepted (a
        // signature over an empty Token is one anybody can compute).
        if (!string.IsNullOrEmpty(settings.PushToken)
            && WeChatPushSignature.Matches(WeChatPushSignature.Compute(settings.PushToken, query["timestamp"].ToString(), query["nonce"].ToString()), query["signature"]))
        {
            problem = Results.Empty;
            return true;
        }

        MediaCheckLog.PushRejected(logger, "signature mismatch");
        problem = Problem(StatusCodes.Status401Unauthorized, "Invalid push signature", "The signature does not match WeChatSecurity:MediaCheck:PushToken.");
        return false;
    }

    private static WeChatPushMessage Decrypt(WeChatPushMessage outer, IQueryCollection query, WeChatMediaCheckOptions settings, string? appId)
    {
        var encrypted = outer["Encrypt"];
        if (string.IsNullOrEmpty(encrypted) || string.IsNullOrEmpty(settings.PushEncodingAesKey) || string.IsNullOrEmpty(appId))
        {
            throw new FormatException(string.IsNullOrEmpty(encrypted)
                ? "The push says encrypt_type=aes but carries no Encrypt field."
                : "The push is encrypted, but WeChatSecurity:MediaCheck:PushEncodingAesKey or WeChatSecurity:AppId is not set.");
        }

        var expected = WeChatPushSignature.ComputeMessageSignature(settings.PushToken!, query["timestamp"].ToString(), query["nonce"].ToString(), encrypted);
        if (!WeChatPushSignature.Matches(expected, query["msg_signature"]))
        {
            throw new FormatException("The msg_signature does not match the encrypted body.");
        }

        string plain;
        try
        {
            plain = new WeChatPushCipher(settings.PushEncodingAesKey, appId).Decrypt(encrypted);
        }
        catch (CryptographicException)
        {
            throw new FormatException("The encrypted body does not decrypt for this AppId and EncodingAESKey.");
        }

        return WeChatPushMessageReader.Read(Encoding.UTF8.GetBytes(plain));
    }

    // No code means none; a code that is there but cannot be read is not "ok": it reads as WeChat's system error, which
    // keeps the media from passing.
    private static int ErrorCode(string? text) =>
        text is null ? 0 : WeChatPushMessageReader.Int(text) ?? WeChatErrorCodes.SystemBusy;

    private static WeChatMediaCheckResult? ToResult(WeChatPushMessage message)
    {
        var traceId = message["trace_id"];
        if (string.IsNullOrEmpty(traceId))
        {
            return null;
        }

        var version = WeChatPushMessageReader.Int(message["version"]) ?? 1;
        WeChatSuggestion suggestion;
        int errorCode;
        if (version >= 2)
        {
            errorCode = ErrorCode(message["errcode"]);
            // A suggestion WeChat does not document, or none, holds the media for review: never a pass.
            suggestion = WeChatAnswers.ParseSuggestion(message.Result.GetValueOrDefault("suggest")) ?? WeChatSuggestion.Review;
        }
        else
        {
            errorCode = ErrorCode(message["status_code"]);
            // Only an explicit 0 passes: a missing or undocumented isrisky holds the media for review.
            suggestion = WeChatPushMessageReader.Int(message["isrisky"]) switch
            {
                0 => WeChatSuggestion.Pass,
                1 => WeChatSuggestion.Risky,
                _ => WeChatSuggestion.Review,
            };
        }

        // Nothing was checked when WeChat could not download the media: never report that as a pass.
        if (errorCode != 0 && suggestion == WeChatSuggestion.Pass)
        {
            suggestion = WeChatSuggestion.Review;
        }

        return new WeChatMediaCheckResult
        {
            Outcome = errorCode == -1008 ? WeChatMediaCheckOutcome.DownloadFailed : MediaCheckOutcomes.From(suggestion),
            TraceId = traceId,
            AppId = message["appid"],
            Version = version,
            Label = WeChatPushMessageReader.Int(message.Result.GetValueOrDefault("label")),
            ErrorCode = errorCode,
            CreatedAt = WeChatPushMessageReader.Int(message["CreateTime"]) is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
        };
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
