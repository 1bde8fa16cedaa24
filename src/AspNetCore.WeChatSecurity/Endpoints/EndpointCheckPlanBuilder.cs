using System.IO.Pipelines;
using System.Reflection;
using System.Security.Claims;
using AspNetCore.WeChatSecurity.Checks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>Works out a minimal API handler's checks when its endpoint is built, and refuses field names that match nothing.</summary>
internal static class EndpointCheckPlanBuilder
{
    private static readonly HashSet<Type> SpecialTypes =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(CancellationToken),
        typeof(ClaimsPrincipal), typeof(Stream), typeof(PipeReader), typeof(IFormCollection),
    ];

    /// <summary>The checks that apply: those after the last <see cref="SkipWeChatSecurityCheckAttribute"/> in the metadata.</summary>
    public static List<IWeChatCheckMetadata> SelectChecks(IEnumerable<object> metadata)
    {
        var checks = new List<IWeChatCheckMetadata>();
        foreach (var item in metadata)
        {
            if (item is SkipWeChatSecurityCheckAttribute)
            {
                checks.Clear();
            }
            else if (item is IWeChatCheckMetadata check)
            {
                checks.Add(check);
            }
        }

        return checks;
    }

    /// <exception cref="InvalidOperationException">A check finds nothing to check, or would leave a parameter it cannot read unchecked.</exception>
    public static CheckPlan Build(string owner, MethodInfo method, IList<object> metadata, IReadOnlyList<IWeChatCheckMetadata> checks, IServiceProviderIsService? isService)
    {
        var parameters = GetParameters(method, isService);

        // Every parameter, the special ones included: a form or a body read whole is content the check would not see.
        var allParameters = AllParameters(method);

        // Checks added with WithMsgSecCheck/WithImgSecCheck are described in that form; attributes on the handler
        // (compared by value, as attributes compare) in theirs.
        var handlerAttributes = method.GetCustomAttributes(inherit: true);
        var endpoint = $"endpoint '{owner}'";
        var targets = new List<CheckTarget>();
        foreach (var check in checks)
        {
            var onHandler = handlerAttributes.Any(attribute => attribute.Equals(check));
            if (CheckTargetResolver.DescribeUnread(check, endpoint, allParameters, endpointConvention: !onHandler) is { } unread)
            {
                throw new InvalidOperationException(unread);
            }

            // A check on an endpoint that finds nothing to check is a mistake, with a field name or without one; a route
            // group's check passes over the endpoints where it finds nothing, as a controller's does over its actions
            // (a field name that matches on none of them stops the start: RouteGroupCheckValidator).
            var resolved = CheckTargetResolver.Resolve(check, parameters, CheckTargetResolver.PropertyNames);
            if (resolved.Count == 0 && !WeChatGroupCheck.IsFromGroup(metadata, check))
            {
                throw new InvalidOperationException(CheckTargetResolver.DescribeUnmatched(check, endpoint, parameters, endpointConvention: !onHandler));
            }

            targets.AddRange(resolved);
        }

        return new CheckPlan(owner, [.. targets]);
    }

    private static List<CheckParameter> AllParameters(MethodInfo method) =>
        [.. method.GetParameters().Select((info, i) => new CheckParameter(info.Name ?? $"arg{i}", info.Name ?? $"arg{i}", info.ParameterType, i, KeyPrefix: null))];

    /// <summary>The handler's parameters bound from the request (services and special types left out).</summary>
    public static List<CheckParameter> GetParameters(MethodInfo method, IServiceProviderIsService? isService)
    {
        var parameters = new List<CheckParameter>();
        var infos = method.GetParameters();
        for (var i = 0; i < infos.Length; i++)
        {
            var info = infos[i];
            var type = info.ParameterType;
            var attributes = info.GetCustomAttributes(inherit: true);
            if (SpecialTypes.Contains(type)
                || attributes.Any(a => a is IFromServiceMetadata or FromKeyedServicesAttribute)
                || isService?.IsService(type) == true)
            {
                continue;
            }

            var name = info.Name ?? $"arg{i}";
            var explicitName = attributes.Select(ExplicitName).FirstOrDefault(n => !string.IsNullOrEmpty(n));
            var boundName = explicitName ?? name;

            // A body, a form object or [AsParameters] is keyed by its properties alone, as minimal APIs bind them; JSON
            // kept as it came (a JsonElement or JsonNode body) by its JSON path alone, as an object bound from JSON is.
            parameters.Add(new CheckParameter(name, boundName, type, i, ValueShapes.IsBoundAsValue(type) ? boundName : explicitName ?? string.Empty));
        }

        return parameters;
    }

    private static string? ExplicitName(object attribute) => attribute switch
    {
        IFromFormMetadata form => form.Name,
        IFromQueryMetadata query => query.Name,
        IFromRouteMetadata route => route.Name,
        IFromHeaderMetadata header => header.Name,
        _ => null,
    };
}
