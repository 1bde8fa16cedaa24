using System.Globalization;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.Images;
using AspNetCore.WeChatSecurity.Text;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Verdicts;

/// <summary>
/// The content pipeline behind the attributes and <see cref="IWeChatContentSecurity"/>: limits, text chunking and
/// image sniffing, then the verdict cache and single-flight, then WeChat.
/// </summary>
internal sealed class WeChatContentSecurity(
    IWeChatApiClient api,
    VerdictCache cache,
    VerdictKeyFactory keys,
    ImageGuard images,
    IOptions<WeChatSecurityOptions> options) : IWeChatContentSecurity
{
    private static readonly WeChatVerdict EmptyPass = new(WeChatSuggestion.Pass, 0, null, null, FromCache: false);

    private readonly WeChatSecurityOptions _options = options.Value;

    public async ValueTask<WeChatVerdict> CheckTextAsync(string text, WeChatCheckContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > _options.MaxTextLength)
        {
            throw new WeChatInvalidContentException(413, string.Create(
                CultureInfo.InvariantCulture,
                $"The text is {text.Length:N0} characters long; at most {_options.MaxTextLength:N0} characters are accepted."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return EmptyPass;
        }

        var version = TextVersionSelector.Select(context, _options);
        var scene = context?.Scene ?? _options.DefaultScene;
        var limit = TextChunkLimit.ForVersion(version);
        if (TextChunker.FitsOneChunk(text, limit))
        {
            return await CheckChunkAsync(text, version, scene, context, cancellationToken);
        }

        return await CheckChunksAsync(text, limit, version, scene, context, cancellationToken);
    }

    public ValueTask<WeChatVerdict> CheckImageAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
        CheckImageAsync(image, ownsImage: false, streamLength: null, cancellationToken);

    public async ValueTask<WeChatVerdict> CheckImageAsync(Stream image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);

        // An uploaded file's stream knows its length: a 413 then states the real size, not the bytes read before stopping.
        long? length = image.CanSeek ? image.Length - image.Position : null;
        var bytes = await BoundedStreamReader.ReadAsync(image, images.ReadLimit, cancellationToken);
        return await CheckImageAsync(bytes, ownsImage: true, length, cancellationToken);
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

    private async ValueTask<WeChatVerdict> CheckImageAsync(ReadOnlyMemory<byte> image, bool ownsImage, long? streamLength, CancellationToken cancellationToken)
    {
        var inspection = images.Inspect(image.Span, streamLength);

        // Keyed by the bytes received, so that a cached verdict also spares the resizing.
        var key = keys.ForImage(image.Span);
        return await cache.GetOrCheckAsync(
            key,
            (Api: api, Images: images, Image: image, OwnsImage: ownsImage, Inspection: inspection),
            static state =>
            {
                var api = state.Api;
                var images = state.Images;
                var inspection = state.Inspection;

                // The check may outlive this caller, and a caller's buffer may be pooled: the check keeps its own copy.
                var content = state.OwnsImage ? state.Image : state.Image.ToArray();
                return async token =>
                {
                    var prepared = await images.PrepareAsync(content, inspection, token);
                    return await api.CheckImageAsync(new ImageCheckRequest(prepared.Content, prepared.Info.ContentType, prepared.Info.FileName), token);
                };
            },
            cancellationToken);
    }

    // Apart from CheckTextAsync, so that the closure over its arguments is allocated only for text that needs chunks.
    private ValueTask<WeChatVerdict> CheckChunksAsync(string text, TextChunkLimit limit, int version, WeChatScene scene, WeChatCheckContext? context, CancellationToken cancellationToken)
    {
        var chunks = TextChunker.Split(text, limit, _options.ChunkOverlap).Select(segment => segment.Of(text)).ToArray();
        return ChunkVerdicts.CheckAllAsync(
            chunks,
            _options.MaxChunkParallelism,
            (chunk, token) => CheckChunkAsync(chunk, version, scene, context, token),
            cancellationToken);
    }

    private ValueTask<WeChatVerdict> CheckChunkAsync(string chunk, int version, WeChatScene scene, WeChatCheckContext? context, CancellationToken cancellationToken)
    {
        var key = keys.ForText(chunk, version, scene, context);
        return cache.GetOrCheckAsync(
            key,
            (Api: api, Chunk: chunk, Version: version, Scene: scene, Context: context),
            static state =>
            {
                var api = state.Api;
                var request = state.Version == 2
                    ? new TextCheckRequest(state.Chunk, 2, state.Scene, state.Context!.OpenId, state.Context.Title, state.Context.Nickname, state.Context.Signature)
                    : new TextCheckRequest(state.Chunk, 1);
                return token => api.CheckTextAsync(request, token);
            },
            cancellationToken);
    }

    private WeChatVerdict Accept(string field, WeChatVerdict verdict) => verdict.Suggestion switch
    {
        WeChatSuggestion.Risky => throw new WeChatContentRejectedException(field, verdict),
        WeChatSuggestion.Review when _options.ReviewAction == WeChatReviewAction.Reject => throw new WeChatContentRejectedException(field, verdict),
        _ => verdict,
    };
}
