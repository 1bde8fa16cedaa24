using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Endpoints;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Submits a minimal API endpoint's uploads to WeChat's asynchronous check before the handler runs.</summary>
public static class WeChatMediaSecCheckEndpointConventionBuilderExtensions
{
    /// <summary>
    /// The minimal API form of <see cref="MediaSecCheckAttribute"/>: each file of <paramref name="field"/> is submitted
    /// before the handler runs, which reads the pending checks with <c>HttpContext.GetWeChatMediaCheck(field)</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or route group builder.</typeparam>
    /// <param name="builder">The endpoint.</param>
    /// <param name="field">The form field's name.</param>
    /// <param name="mediaType">Audio (the default) or image.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithMediaSecCheck<TBuilder>(this TBuilder builder, string field, WeChatMediaType mediaType = WeChatMediaType.Audio)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var attribute = new MediaSecCheckAttribute(field, mediaType);
        builder.WithMetadata(attribute, MediaSecCheckFilterMarker.Instance);
        builder.Add(endpointBuilder => endpointBuilder.FilterFactories.Add((factoryContext, next) =>
        {
            // Runs when the endpoint is built (at start for endpoints mapped before it): a field naming none of the
            // handler's files stops it there, as WithImgSecCheck's does.
            var parameters = EndpointCheckPlanBuilder.GetParameters(factoryContext.MethodInfo, factoryContext.ApplicationServices.GetService<IServiceProviderIsService>());
            var owner = $"endpoint '{endpointBuilder.DisplayName ?? factoryContext.MethodInfo.Name}'";
            if (new MediaCheckField(attribute).DescribeUnmatched(owner, parameters, CheckTargetResolver.PropertyNames, endpointConvention: true) is { } message)
            {
                throw new InvalidOperationException(message);
            }

            UploadLimitGuard.AddField(endpointBuilder, attribute.Field);

            return async context =>
            {
                var http = context.HttpContext;
                var runner = http.RequestServices.GetRequiredService<MediaSecCheckRunner>();
                var attributes = http.GetEndpoint()?.Metadata.GetOrderedMetadata<MediaSecCheckAttribute>() ?? [attribute];

                // A group may add several fields, each with a filter: the first runs them all, the others see the feature set.
                if (http.Features.Get<MediaChecksFeature>() is null
                    && await runner.SubmitAsync(http, attributes) is { } refusal)
                {
                    return refusal;
                }

                return await next(context);
            };
        }));

        // Minimal APIs bind the form before any filter runs: the request delegate itself must meet the upload limits.
        builder.Finally(UploadLimitGuard.Wrap);
        return builder;
    }
}
