using System.Reflection;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// What <c>WithMediaSecCheck</c> installs on a minimal API endpoint: the attribute as metadata, and a filter that submits
/// the field's files before the handler runs, as <see cref="MediaSecCheckActionFilter"/> does for MVC.
/// </summary>
internal static class MediaSecCheckEndpointConvention
{
    public static TBuilder Apply<TBuilder>(TBuilder builder, MediaSecCheckAttribute attribute)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(attribute, MediaSecCheckFilterMarker.Instance);
        if (builder is RouteGroupBuilder)
        {
            builder.WithMetadata(new WeChatGroupCheck(attribute));
        }

        builder.Add(endpointBuilder => endpointBuilder.FilterFactories.Add(new FilterFactory(endpointBuilder, attribute).Create));

        // Minimal APIs bind the form before any filter runs: the request delegate itself must meet the upload limits.
        builder.Finally(UploadLimitGuard.Wrap);
        return builder;
    }

    /// <summary>
    /// Where the first of these filters stands among an endpoint's filter factories (their count when there is none): the
    /// synchronous checks' filter goes there, so that it runs first whichever convention was added first, as in MVC.
    /// </summary>
    public static int FirstFilterIndex(IList<Func<EndpointFilterFactoryContext, EndpointFilterDelegate, EndpointFilterDelegate>> factories)
    {
        for (var i = 0; i < factories.Count; i++)
        {
            if (factories[i].Target is FilterFactory)
            {
                return i;
            }
        }

        return factories.Count;
    }

    /// <summary>
    /// <paramref name="checks"/>, the endpoint's text and image checks, behind the 413 for more files than
    /// <see cref="WeChatMediaCheckOptions.MaxChecksPerRequest"/> when the endpoint also has media checks: those run after
    /// the checks, so that nothing is submitted for a request they refuse, and the checks' calls would otherwise be spent
    /// on a request refused for its files. An endpoint without media checks gets <paramref name="checks"/> as it is.
    /// </summary>
    public static EndpointFilterDelegate CountFilesBefore(EndpointBuilder endpointBuilder, IServiceProvider services, EndpointFilterDelegate checks)
    {
        MediaSecCheckAttribute[] attributes = [.. endpointBuilder.Metadata.OfType<MediaSecCheckAttribute>()];
        if (attributes.Length == 0)
        {
            return checks;
        }

        var runner = services.GetRequiredService<MediaSecCheckRunner>();
        var everyFileFields = MediaSecCheckRunner.EveryFileFields(endpointBuilder.Metadata.OfType<MethodInfo>().FirstOrDefault());
        return async context => await runner.RefuseAsync(context.HttpContext, attributes, everyFileFields) is { } refusal
            ? refusal
            : await checks(context);
    }

    // A type of its own, so that FirstFilterIndex can tell these factories from the others.
    private sealed class FilterFactory(EndpointBuilder endpointBuilder, MediaSecCheckAttribute attribute)
    {
        public EndpointFilterDelegate Create(EndpointFilterFactoryContext factoryContext, EndpointFilterDelegate next)
        {
            // Runs when the endpoint is built (at start for endpoints mapped before it): a field naming none of the
            // handler's files stops it there, as WithImgSecCheck's does. A route group's applies to each of its endpoints,
            // as a controller's does to its actions, and must name a file of one of them (RouteGroupCheckValidator).
            var parameters = EndpointCheckPlanBuilder.GetParameters(factoryContext.MethodInfo, factoryContext.ApplicationServices.GetService<IServiceProviderIsService>());
            var owner = $"endpoint '{endpointBuilder.DisplayName ?? factoryContext.MethodInfo.Name}'";
            if (new MediaCheckField(attribute).DescribeUnmatched(owner, parameters, CheckTargetResolver.PropertyNames, endpointConvention: true) is { } message
                && !WeChatGroupCheck.IsFromGroup(endpointBuilder.Metadata, attribute))
            {
                throw new InvalidOperationException(message);
            }

            UploadLimitGuard.AddField(endpointBuilder, attribute.Field);
            var everyFileFields = MediaSecCheckRunner.EveryFileFields(factoryContext.MethodInfo);

            return async context =>
            {
                var http = context.HttpContext;
                var runner = http.RequestServices.GetRequiredService<MediaSecCheckRunner>();
                var attributes = http.GetEndpoint()?.Metadata.GetOrderedMetadata<MediaSecCheckAttribute>() ?? [attribute];

                // A group may add several fields, each with a filter: the first runs them all, the others see the feature set.
                if (http.Features.Get<MediaChecksFeature>() is null
                    && await runner.SubmitAsync(http, attributes, everyFileFields) is { } refusal)
                {
                    return refusal;
                }

                return await next(context);
            };
        }
    }
}
