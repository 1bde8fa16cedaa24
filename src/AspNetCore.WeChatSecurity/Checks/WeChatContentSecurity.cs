using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.ApiVersions;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Text;
using AspNetCore.WeChatSecurity.Verdicts;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// The content pipeline behind the attributes and <see cref="IWeChatContentSecurity"/>: limits, text chunking and
/// image sniffing, then the verdict cache and single-flight, then WeChat.
/// </summary>
internal sealed class WeChatContentSecurity : IWeChatContentSecurity
{
    private static readonly WeChatVerdict EmptyPass = new(WeChatSuggestion.Pass, 0, null, null, FromCache: false);

    private readonly IWeChatApiClient api;
    private readonly VerdictCache cache;
    private readonly VerdictKeyFactory keys;
    private readonly ImageGuard images;
    private volatile WeChatSecurityOptions _options;

    public WeChatContentSecurity(IWeChatApiClient api, VerdictCache cache, VerdictKeyFactory keys, ImageGuard images, IOptionsMonitor<WeChatSecurityOptions> options)
    {
        this.api = api;
        this.cache = cache;
        this.keys = keys;
        this.images = images;

        // The same source as the filters, kept in a field so that a cache hit pays no options lookup.
        _options = options.CurrentValue;
        options.OnChange(current => _options = current);
    }

    /// <summary>
    /// Whether a verdict keeps content out, for the filters and <c>Ensure…</c> alike: risky always, review unless
    /// <see cref="WeChatSecurityOptions.ReviewAction"/> lets it through.
    /// </summary>
    /// <remarks>Only a pass, or a review the options let through, lets content through: a suggestion of no known value
    /// (a damaged entry of a shared cache, a future enum member) keeps it out.</remarks>
    public static bool IsRejected(WeChatVerdict verdict, WeChatSecurityOptions options) => verdict.Suggestion switch
    {
        WeChatSuggestion.Pass => false,
        WeChatSuggestion.Review => options.ReviewAction == WeChatReviewAction.Reject,
        _ => true,
    };

    // Not async: a cached verdict is returned as the cache's completed ValueTask, without a state machine of ours around
    // it. Failures are still reported through the returned task, as an async method would (see Failed).
    public ValueTask<WeChatVerdict> CheckTextAsync(string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        // One snapshot of the options, so that a reload in the middle cannot mix a limit of one with a version of the other.
        var options = _options;
        try
        {
            ArgumentNullException.ThrowIfNull(text);
            if (text.Length > options.Text.MaxTextLength)
            {
                throw TextTooLong(text.Length, options.Text.MaxTextLength);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return new ValueTask<WeChatVerdict>(EmptyPass);
            }

            var version = ApiVersionSelector.ForText(context, options);
            var scene = ApiVersionSelector.Scene(context, options);
            var limit = TextChunkLimit.ForVersion(version);
            return TextChunker.FitsOneChunk(text, limit)
                ? CheckChunkAsync(text, version, scene, context, cancellationToken)
                : CheckChunksAsync(text, limit, options.Text, version, scene, context, cancellationToken);
        }
        catch (Exception exception)
        {
            return Failed(exception, cancellationToken);
        }
    }

    /// <summary>The refusal of a text over <see cref="WeChatTextOptions.MaxTextLength"/> (413), here and where the filters refuse it before a call.</summary>
    public static WeChatInvalidContentException TextTooLong(int length, int maxTextLength) =>
        new(WeChatInvalidContentReason.TooLarge, string.Create(
            CultureInfo.InvariantCulture,
            $"The text is {length:N0} characters long; at most {maxTextLength:N0} characters are accepted."));

    /// <summary>
    /// The verdict <see cref="CheckTextAsync"/> would find first, in the memory level, for <paramref name="text"/> checked
    /// with a context that says nothing but <paramref name="scene"/> and whether there is an openid (as the filters check
    /// a value); false when that check would have to go further: nothing in memory, text too long or needing chunks, v2
    /// without an openid. A hit is then the key and one lookup, without the tasks and validation of a check that may call
    /// WeChat.
    /// </summary>
    public bool TryGetCachedText(string text, bool hasOpenId, WeChatScene? scene, [NotNullWhen(true)] out WeChatVerdict? verdict)
    {
        var options = _options;
        if (ApiVersionSelector.ForText(hasOpenId, options) is not { } version
            || text.Length > options.Text.MaxTextLength
            || !TextChunker.FitsOneChunk(text, TextChunkLimit.ForVersion(version)))
        {
            verdict = null;
            return false;
        }

        return cache.TryGet(keys.ForText(text, version, scene ?? options.DefaultScene, context: null), out verdict);
    }

    // Not async, like CheckTextAsync: a cached verdict is returned as a completed ValueTask without a state machine, and
    // an image refused by the limits or the sniffer (or a cancelled caller) is reported through the returned task, so
    // that a caller holding the task before awaiting it (Task.WhenAll) sees a faulted (or canceled) task rather than a
    // throw.
    public ValueTask<WeChatVerdict> CheckImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        try
        {
            // The whole image is at hand: its length is its size, so that a 413 states it as for a stream that knows its length.
            var inspection = images.Inspect(image.Span, image.Length, _options.Images);

            // The check may outlive this caller, and a caller's buffer may be pooled: the check keeps its own copy, made
            // only when the verdict is not cached.
            return VerdictForImageAsync(image, inspection, copy: true, cancellationToken);
        }
        catch (Exception exception)
        {
            return Failed(exception, cancellationToken);
        }
    }

    public async ValueTask<WeChatVerdict> CheckImageAsync(Stream image, CancellationToken cancellationToken = default) =>
        await CheckInspectedImageAsync(await InspectImageAsync(image, cancellationToken), cancellationToken);

    /// <summary>
    /// The first half of <see cref="CheckImageAsync(Stream, CancellationToken)"/>: reads and inspects the image, throwing
    /// what it would fail with for an image that cannot be checked, without a call. The filters inspect a request's
    /// images before any of its checks starts, so that no call is spent on a request one of them refuses.
    /// </summary>
    public async ValueTask<InspectedImage> InspectImageAsync(Stream image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);

        // An uploaded file's stream knows its length: a 413 then states the real size, not the bytes read before stopping.
        long? length = image.CanSeek ? image.Length - image.Position : null;

        // One snapshot of the limits for the read and the check, so that a reload in between cannot read with one and judge with another.
        var limits = _options.Images;
        var bytes = await BoundedStreamReader.ReadAsync(image, ImageGuard.ReadLimit(limits), cancellationToken);
        return new InspectedImage(bytes, images.Inspect(bytes.Span, length, limits));
    }

    /// <summary>The second half of <see cref="CheckImageAsync(Stream, CancellationToken)"/>: the verdict for an inspected image.</summary>
    public ValueTask<WeChatVerdict> CheckInspectedImageAsync(InspectedImage image, CancellationToken cancellationToken)
    {
        try
        {
            return VerdictForImageAsync(image.Content, image.Inspection, copy: false, cancellationToken);
        }
        catch (Exception exception)
        {
            return Failed(exception, cancellationToken);
        }
    }

    public async ValueTask<WeChatVerdict> EnsureTextAsync(string field, string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        try
        {
            return Accept(field, await CheckTextAsync(text, context, cancellationToken));
        }
        catch (WeChatInvalidContentException exception) when (exception.Field is null)
        {
            throw exception.WithField(field);
        }
    }

    public async ValueTask<WeChatVerdict> EnsureImageAsync(string field, ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        try
        {
            return Accept(field, await CheckImageAsync(image, cancellationToken));
        }
        catch (WeChatInvalidContentException exception) when (exception.Field is null)
        {
            throw exception.WithField(field);
        }
    }

    private ValueTask<WeChatVerdict> VerdictForImageAsync(ReadOnlyMemory<byte> image, ImageInspection inspection, bool copy, CancellationToken cancellationToken)
    {
        // Keyed by the bytes received, so that a cached verdict also spares the resizing.
        var key = keys.ForImage(image.Span);
        if (cache.TryGet(key, out var cached))
        {
            return new ValueTask<WeChatVerdict>(cached);
        }

        return cache.GetOrAddAsync(
            key,
            (Api: api, Images: images, Image: copy ? image.ToArray() : image, Inspection: inspection),
            static async (state, token) =>
            {
                var prepared = await state.Images.PrepareAsync(state.Image, state.Inspection, token);
                return await state.Api.CheckImageAsync(new ImageCheckRequest(prepared.Content, prepared.Info.ContentType, prepared.Info.FileName), token);
            },
            cancellationToken);
    }

    // Apart from CheckTextAsync, so that the closure over its arguments is allocated only for text that needs chunks.
    private ValueTask<WeChatVerdict> CheckChunksAsync(string text, TextChunkLimit limit, WeChatTextOptions settings, int version, WeChatScene scene, WeChatCheckContext? context, CancellationToken cancellationToken)
    {
        var chunks = TextChunker.Split(text, limit, settings.ChunkOverlap).Select(segment => segment.Of(text)).ToArray();
        return ChunkVerdicts.CheckAllAsync(
            chunks,
            settings.MaxChunkParallelism,
            (chunk, token) => CheckChunkAsync(chunk, version, scene, context, token),
            cancellationToken);
    }

    private ValueTask<WeChatVerdict> CheckChunkAsync(string chunk, int version, WeChatScene scene, WeChatCheckContext? context, CancellationToken cancellationToken)
    {
        var key = keys.ForText(chunk, version, scene, context);
        return cache.GetOrAddAsync(
            key,
            (Api: api, Chunk: chunk, Version: version, Scene: scene, Context: context),
            static (state, token) => state.Api.CheckTextAsync(
                state.Version == 2
                    ? new TextCheckRequest(state.Chunk, 2, state.Scene, state.Context!.OpenId, state.Context.Title, state.Context.Nickname, state.Context.Signature)
                    : new TextCheckRequest(state.Chunk, 1),
                token),
            cancellationToken);
    }

    // What an async method's task would hold: canceled when the caller's own token stopped it (the cache throws before
    // waiting when the token is already cancelled), so that IsCanceled and Task.WhenAll tell a caller that gave up from
    // a check that failed; faulted for anything else.
    private static ValueTask<WeChatVerdict> Failed(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken && cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<WeChatVerdict>(cancellationToken)
            : ValueTask.FromException<WeChatVerdict>(exception);

    private WeChatVerdict Accept(string field, WeChatVerdict verdict) =>
        IsRejected(verdict, _options) ? throw new WeChatContentRejectedException(field, verdict) : verdict;
}
