using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AspNetCore.WeChatSecurity.Testing.Faults;
using AspNetCore.WeChatSecurity.Testing.Push;
using AspNetCore.WeChatSecurity.Testing.Quotas;
using AspNetCore.WeChatSecurity.Testing.Serialization;
using AspNetCore.WeChatSecurity.Testing.Tokens;
using AspNetCore.WeChatSecurity.Testing.Verdicts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace AspNetCore.WeChatSecurity.Testing.Hosting;

/// <summary>
/// The one processing core behind both front ends. Order of checks, as WeChat: injected fault, method, credential,
/// quota, empty body, then the endpoint's own validation and verdict.
/// </summary>
internal sealed class RequestProcessor(
    WeChatEmulatorOptions options,
    TimeProvider time,
    TokenStore tokens,
    QuotaTracker quotas,
    FaultInjector faults,
    ContentModerator moderator,
    PushDispatcher pushes,
    RequestRecorder recorder,
    ILogger logger)
{
    private const int OpenIdLength = 28;
    private const string ClientCredential = "client_credential";
    private static readonly SearchValues<char> OpenIdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    public async Task<EmulatorResponse> ProcessAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var endpoint = Route(request.Path);
        recorder.Increment(endpoint);
        var receivedAt = time.GetUtcNow();
        var query = QueryHelpers.ParseQuery(request.QueryString);
        MultipartPart? part = null;
        var errorCode = 0;
        try
        {
            var (response, readPart) = await AnswerAsync(endpoint, request, query, cancellationToken);
            part = readPart;
            errorCode = response.ErrorCode;
            logger.RequestAnswered(endpoint, response.StatusCode, response.ErrorCode);
            return response;
        }
        finally
        {
            recorder.Record(endpoint, request, query, part, receivedAt, errorCode);
        }
    }

    private static WeChatEmulatorEndpoint Route(string path) => path switch
    {
        _ when Is(path, EmulatorPaths.TokenPath) => WeChatEmulatorEndpoint.Token,
        _ when Is(path, EmulatorPaths.StableTokenPath) => WeChatEmulatorEndpoint.StableToken,
        _ when Is(path, EmulatorPaths.MsgSecCheckPath) => WeChatEmulatorEndpoint.MsgSecCheck,
        _ when Is(path, EmulatorPaths.ImgSecCheckPath) => WeChatEmulatorEndpoint.ImgSecCheck,
        _ when Is(path, EmulatorPaths.MediaCheckAsyncPath) => WeChatEmulatorEndpoint.MediaCheckAsync,
        _ => WeChatEmulatorEndpoint.Unknown,
    };

    private static bool Is(string path, string expected) => string.Equals(path, expected, StringComparison.OrdinalIgnoreCase);

    private async Task<(EmulatorResponse Response, MultipartPart? Part)> AnswerAsync(
        WeChatEmulatorEndpoint endpoint, EmulatorRequest request, Dictionary<string, StringValues> query, CancellationToken cancellationToken)
    {
        if (faults.Next(endpoint) is { } fault)
        {
            logger.FaultInjected(fault.Kind, endpoint);
            switch (fault.Kind)
            {
                case WeChatEmulatorFaultKind.Latency:
                    await Task.Delay(fault.Latency, time, cancellationToken);
                    break;
                case WeChatEmulatorFaultKind.ConnectionReset:
                    return (EmulatorResponse.Reset, null);
                case WeChatEmulatorFaultKind.ServerError:
                    return (EmulatorResponse.Text(fault.StatusCode, "text/html", $"<html><body><h1>{fault.StatusCode}</h1>upstream error</body></html>"), null);
                case WeChatEmulatorFaultKind.MalformedJson:
                    return (new EmulatorResponse(200, EmulatorResponse.JsonContentType, "{\"errcode\":0,\"errmsg\":\"o"u8.ToArray(), 0), null);
                case WeChatEmulatorFaultKind.EmptyObject:
                    return (new EmulatorResponse(200, EmulatorResponse.JsonContentType, "{}"u8.ToArray(), 0), null);
                case WeChatEmulatorFaultKind.ErrorMessageOnly:
                    return (new EmulatorResponse(200, EmulatorResponse.JsonContentType, "{\"errmsg\":\"ok\"}"u8.ToArray(), 0), null);
                case WeChatEmulatorFaultKind.NonNumericErrorCode:
                    return (new EmulatorResponse(200, EmulatorResponse.JsonContentType, "{\"errcode\":\"busy\",\"errmsg\":\"system busy\"}"u8.ToArray(), 0), null);
                case WeChatEmulatorFaultKind.MissingResult:
                    return (EmulatorResponse.Json(new ErrorBody(0, "ok"), EmulatorJsonContext.Wire.ErrorBody), null);
                default:
                    return (EmulatorResponse.Error(fault.ErrorCode, fault.ErrorMessage ?? string.Empty), null);
            }
        }

        return endpoint switch
        {
            WeChatEmulatorEndpoint.Token => (Token(request, query), null),
            WeChatEmulatorEndpoint.StableToken => (StableToken(request), null),
            WeChatEmulatorEndpoint.MsgSecCheck => (MsgSecCheck(request, query), null),
            WeChatEmulatorEndpoint.ImgSecCheck => await ImgSecCheckAsync(request, query, cancellationToken),
            WeChatEmulatorEndpoint.MediaCheckAsync => (MediaCheckAsync(request, query), null),
            _ => (Error(EmulatorErrors.InvalidUrl, statusCode: 404), null),
        };
    }

    private EmulatorResponse Token(EmulatorRequest request, Dictionary<string, StringValues> query)
    {
        if (!HttpMethods.IsGet(request.Method))
        {
            return Error(EmulatorErrors.RequireGet);
        }

        if (quotas.TryAcquire(WeChatEmulatorEndpoint.Token) is var quota and not 0)
        {
            return Error(quota);
        }

        var refusal = CheckCredentials(Single(query, "grant_type"), Single(query, "appid"), Single(query, "secret"));
        if (refusal != 0)
        {
            return Error(refusal);
        }

        var (token, expiresIn) = tokens.IssueToken();
        return EmulatorResponse.Json(new TokenBody(token, expiresIn), EmulatorJsonContext.Wire.TokenBody);
    }

    private EmulatorResponse StableToken(EmulatorRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Error(EmulatorErrors.RequirePost);
        }

        if (quotas.TryAcquire(WeChatEmulatorEndpoint.StableToken) is var quota and not 0)
        {
            return Error(quota);
        }

        if (request.Body.Length == 0)
        {
            return Error(EmulatorErrors.EmptyPostData);
        }

        if (Parse(request.Body, EmulatorJsonContext.Wire.StableTokenRequestBody) is not { } body)
        {
            return Error(EmulatorErrors.DataFormatError);
        }

        var refusal = CheckCredentials(body.GrantType, body.AppId, body.Secret);
        if (refusal != 0)
        {
            return Error(refusal);
        }

        var outcome = tokens.GetStableToken(body.ForceRefresh == true);
        return outcome.Token is null
            ? Error(outcome.ErrorCode)
            : EmulatorResponse.Json(new TokenBody(outcome.Token, outcome.ExpiresIn), EmulatorJsonContext.Wire.TokenBody);
    }

    private EmulatorResponse MsgSecCheck(EmulatorRequest request, Dictionary<string, StringValues> query)
    {
        if (Admit(WeChatEmulatorEndpoint.MsgSecCheck, request, query) is { } refusal)
        {
            return refusal;
        }

        if (Parse(request.Body, EmulatorJsonContext.Wire.MsgSecCheckRequestBody) is not { Content: { } content } body)
        {
            return Error(EmulatorErrors.DataFormatError);
        }

        // WeChat has failed to recognise text sent as \uXXXX escapes: the words it moderates are the escapes themselves.
        // Escaped risky text therefore passes, so that a client that starts escaping fails its end-to-end tests.
        var undecoded = JsonEscapeScanner.HasUnicodeEscape(request.Body) ? JsonEscapeScanner.UndecodedStrings(request.Body) : null;
        string? AsSeen(string name, string? value) => value is not null && undecoded is not null && undecoded.TryGetValue(name, out var raw) ? raw : value;

        if (body.Version != 2)
        {
            if (Encoding.UTF8.GetByteCount(content) > options.MaxTextBytesV1)
            {
                return Error(EmulatorErrors.DataFormatError);
            }

            return moderator.CheckText([AsSeen("content", content)]).IsRisky
                ? Error(EmulatorErrors.RiskyContent)
                : EmulatorResponse.Json(new ErrorBody(0, "ok"), EmulatorJsonContext.Wire.ErrorBody);
        }

        if (!IsOpenId(body.OpenId))
        {
            return Error(EmulatorErrors.InvalidOpenId);
        }

        if (body.Scene is not (>= 1 and <= 4))
        {
            return Error(EmulatorErrors.InvalidScene);
        }

        if (content.EnumerateRunes().Count() > options.MaxTextCharactersV2)
        {
            return Error(EmulatorErrors.DataFormatError);
        }

        // The signature field only exists for the profile scene; WeChat ignores it elsewhere.
        var verdict = moderator.CheckText([AsSeen("content", content), AsSeen("title", body.Title), AsSeen("nickname", body.Nickname), body.Scene == 1 ? AsSeen("signature", body.Signature) : null]);
        var answer = new MsgSecCheckV2Body(0, "ok", new ResultBody(verdict.Suggest, verdict.Label), ContentModerator.Details(verdict, text: true), NewTraceId());
        return EmulatorResponse.Json(answer, EmulatorJsonContext.Wire.MsgSecCheckV2Body);
    }

    private async Task<(EmulatorResponse Response, MultipartPart? Part)> ImgSecCheckAsync(
        EmulatorRequest request, Dictionary<string, StringValues> query, CancellationToken cancellationToken)
    {
        if (Admit(WeChatEmulatorEndpoint.ImgSecCheck, request, query) is { } refusal)
        {
            return (refusal, null);
        }

        var image = await MultipartImageReader.ReadAsync(request.ContentType, request.Body, cancellationToken);
        if (image.Data is not { } data)
        {
            return (Error(image.ErrorCode), image.Part);
        }

        if (data.Length > options.MaxImageBytes)
        {
            return (Error(EmulatorErrors.InvalidMediaSize), image.Part);
        }

        if (!ImageSniffer.IsSupportedImage(data))
        {
            return (Error(EmulatorErrors.InvalidMediaType), image.Part);
        }

        var answer = moderator.CheckMedia(data).IsRisky
            ? Error(EmulatorErrors.RiskyContent)
            : EmulatorResponse.Json(new ErrorBody(0, "ok"), EmulatorJsonContext.Wire.ErrorBody);
        return (answer, image.Part);
    }

    private EmulatorResponse MediaCheckAsync(EmulatorRequest request, Dictionary<string, StringValues> query)
    {
        if (Admit(WeChatEmulatorEndpoint.MediaCheckAsync, request, query) is { } refusal)
        {
            return refusal;
        }

        if (Parse(request.Body, EmulatorJsonContext.Wire.MediaCheckRequestBody) is not { } body
            || !Uri.TryCreate(body.MediaUrl, UriKind.Absolute, out var mediaUrl)
            || (mediaUrl.Scheme != Uri.UriSchemeHttp && mediaUrl.Scheme != Uri.UriSchemeHttps))
        {
            return Error(EmulatorErrors.DataFormatError);
        }

        if (body.MediaType is not (1 or 2))
        {
            return Error(EmulatorErrors.InvalidMediaType);
        }

        var version = body.Version == 2 ? 2 : 1;
        if (version == 2 && !IsOpenId(body.OpenId))
        {
            return Error(EmulatorErrors.InvalidOpenId);
        }

        if (version == 2 && body.Scene is not (>= 1 and <= 4))
        {
            return Error(EmulatorErrors.InvalidScene);
        }

        var traceId = NewTraceId();
        if (!pushes.TrySchedule(new MediaCheckJob(traceId, version, mediaUrl, body.MediaType.Value, version == 2 ? body.OpenId : null)))
        {
            return Error(EmulatorErrors.RepeatedRequest);
        }

        return EmulatorResponse.Json(new MediaCheckBody(0, "ok", traceId), EmulatorJsonContext.Wire.MediaCheckBody);
    }

    /// <summary>The checks every <c>/wxa</c> call passes before its body is looked at; null when the call may proceed.</summary>
    private EmulatorResponse? Admit(WeChatEmulatorEndpoint endpoint, EmulatorRequest request, Dictionary<string, StringValues> query)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Error(EmulatorErrors.RequirePost);
        }

        var token = query.TryGetValue("access_token", out var value) || query.TryGetValue("cloudbase_access_token", out value)
            ? value.ToString()
            : null;
        var tokenError = token switch
        {
            null => EmulatorErrors.AccessTokenMissing,
            _ when !TokenStore.HasTokenShape(token) => EmulatorErrors.InvalidAccessToken,
            _ => tokens.Check(token) switch
            {
                TokenStatus.Valid => 0,
                TokenStatus.Expired => EmulatorErrors.AccessTokenExpired,
                _ => EmulatorErrors.InvalidCredential,
            },
        };
        if (tokenError != 0)
        {
            return Error(tokenError);
        }

        if (quotas.TryAcquire(endpoint) is var quota and not 0)
        {
            return Error(quota);
        }

        return request.Body.Length == 0 ? Error(EmulatorErrors.EmptyPostData) : null;
    }

    private int CheckCredentials(string? grantType, string? appId, string? secret) => (grantType, appId, secret) switch
    {
        _ when grantType != ClientCredential => EmulatorErrors.InvalidGrantType,
        _ when string.IsNullOrEmpty(appId) => EmulatorErrors.AppIdMissing,
        _ when string.IsNullOrEmpty(secret) => EmulatorErrors.AppSecretMissing,
        _ when !string.Equals(appId, options.AppId, StringComparison.Ordinal) => EmulatorErrors.InvalidAppId,
        _ when !FixedTimeEquals(secret, options.AppSecret) => EmulatorErrors.InvalidAppSecret,
        _ => 0,
    };

    private static bool FixedTimeEquals(string? left, string right) =>
        left is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

    private static bool IsOpenId(string? openId) =>
        openId is { Length: OpenIdLength } && !openId.AsSpan().ContainsAnyExcept(OpenIdCharacters);

    private static string? Single(Dictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values) ? values.ToString() : null;

    private static T? Parse<T>(byte[] body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string NewTraceId()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        var hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..16]}-{hex[16..]}");
    }

    /// <summary>WeChat appends a request id to error messages; the verdict 87014 keeps its bare "risky content".</summary>
    private static EmulatorResponse Error(int errorCode, int statusCode = 200) =>
        EmulatorResponse.Error(
            errorCode,
            errorCode == EmulatorErrors.RiskyContent ? EmulatorErrors.Message(errorCode) : $"{EmulatorErrors.Message(errorCode)} rid: {NewTraceId()}",
            statusCode);
}
