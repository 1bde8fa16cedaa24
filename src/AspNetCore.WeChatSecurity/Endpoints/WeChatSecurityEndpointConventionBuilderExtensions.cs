using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Puts WeChat content-security checks in front of minimal API endpoints and route groups: text, images and asynchronous media.</summary>
public static class WeChatSecurityEndpointConventionBuilderExtensions
{
    /// <summary>Checks text with <c>msg_sec_check</c> before the handler runs, as <see cref="MsgSecCheckAttribute"/> does.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or route group.</param>
    /// <param name="field">A parameter name or property path such as <c>Post.Title</c>; null checks every bound string. On a route group, a name applies to the endpoints where it matches and passes over the others; the start is refused when it matches none of them.</param>
    /// <param name="scene">The scene; null uses <see cref="WeChatSecurityOptions.DefaultScene"/>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithMsgSecCheck<TBuilder>(this TBuilder builder, string? field = null, WeChatScene? scene = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        MsgSecCheckAttribute attribute = (field, scene) switch
        {
            (null, null) => new(),
            (null, { } named) => new() { Scene = named },
            ({ } name, null) => new(name),
            ({ } name, { } named) => new(name) { Scene = named },
        };
        return builder.WithCheck(attribute);
    }

    /// <summary>Checks uploaded images with <c>img_sec_check</c> before the handler runs, as <see cref="ImgSecCheckAttribute"/> does.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or route group.</param>
    /// <param name="field">A parameter name or property path such as <c>Profile.Avatar</c>; null checks every bound file. On a route group, a name applies to the endpoints where it matches and passes over the others; the start is refused when it matches none of them.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithImgSecCheck<TBuilder>(this TBuilder builder, string? field = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithCheck(field is null ? new ImgSecCheckAttribute() : new ImgSecCheckAttribute(field));
    }

    /// <summary>
    /// Submits each uploaded file of <paramref name="field"/> to WeChat's asynchronous check (<c>media_check_async</c>)
    /// before the handler runs, as <see cref="MediaSecCheckAttribute"/> does for MVC; the handler reads the pending checks
    /// with <c>HttpContext.GetWeChatMediaCheck(field)</c>, and the verdicts reach the <see cref="IWeChatMediaCheckResultHandler"/>s.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or route group.</param>
    /// <param name="field">The form field's name. On a route group whose endpoints bind files, the start is refused unless one of them binds a file under this name.</param>
    /// <param name="mediaType">Audio (the default) or image.</param>
    /// <param name="scene">The scene of a version 2 check; null uses <see cref="WeChatSecurityOptions.DefaultScene"/>.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithMediaSecCheck<TBuilder>(this TBuilder builder, string field, WeChatMediaType mediaType = WeChatMediaType.Audio, WeChatScene? scene = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return MediaSecCheckEndpointConvention.Apply(builder, new MediaSecCheckAttribute(field, mediaType) { Scene = scene });
    }

    /// <summary>
    /// Runs the checks declared by <see cref="MsgSecCheckAttribute"/> and <see cref="ImgSecCheckAttribute"/> on the
    /// handlers (the attributes alone install nothing in a minimal API). On a route group it covers every endpoint in
    /// it; endpoints without checks are left as they are. <see cref="WithMsgSecCheck"/> and
    /// <see cref="WithImgSecCheck"/> call it.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or route group.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">When the endpoint is built, if it is an MVC action: use the attributes there.</exception>
    public static TBuilder WithWeChatSecurityChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(static endpointBuilder =>
        {
            var metadata = endpointBuilder.Metadata;
            if (metadata.Any(m => m is WeChatEndpointFilterMarker))
            {
                return;
            }

            // MVC runs its own filter from the controller's and action's attributes; metadata added here would be ignored there.
            if (metadata.Any(m => m is ActionDescriptor))
            {
                throw new InvalidOperationException(
                    $"WeChat security conventions apply to minimal API endpoints; '{endpointBuilder.DisplayName}' is an MVC action. Put [MsgSecCheck] or [ImgSecCheck] on the controller or the action instead.");
            }

            metadata.Add(WeChatEndpointFilterMarker.Instance);

            // Ahead of a WithMediaSecCheck filter added before it (called first, or on the group), as MVC orders them:
            // nothing is submitted for a request the checks refuse, whose handler would never store the pending item.
            var factories = endpointBuilder.FilterFactories;
            factories.Insert(MediaSecCheckEndpointConvention.FirstFilterIndex(factories), (context, next) => WeChatEndpointFilter.Create(endpointBuilder, context, next));
        });

        // Minimal APIs bind the form before any filter runs: the request delegate itself must meet the upload limits.
        builder.Finally(UploadLimitGuard.Wrap);
        return builder;
    }

    private static TBuilder WithCheck<TBuilder>(this TBuilder builder, IWeChatCheckMetadata attribute)
        where TBuilder : IEndpointConventionBuilder
    {
        // One marker for the whole group, so that the start-up validation sees the check's endpoints together.
        var fromGroup = builder is RouteGroupBuilder ? new WeChatGroupCheck(attribute) : null;
        builder.Add(endpointBuilder =>
        {
            endpointBuilder.Metadata.Add(attribute);
            if (fromGroup is not null)
            {
                endpointBuilder.Metadata.Add(fromGroup);
            }
        });
        return builder.WithWeChatSecurityChecks();
    }
}
