using System.Reflection;
using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// Refuses a route group's named check that matches none of the group's endpoints, as MVC refuses a controller's that
/// matches none of its actions: each endpoint passes over a group's check it finds nothing for, so only the group as a
/// whole can tell a typo (<c>.WithMsgSecCheck("Titel")</c>) from a field that some of its endpoints lack.
/// </summary>
internal static class RouteGroupCheckValidator
{
    // A long group is named by its first endpoints: enough to find it.
    private const int NamedEndpoints = 5;

    /// <exception cref="InvalidOperationException">A group's check names a field none of its endpoints has.</exception>
    public static void ThrowIfUnmatched(IEnumerable<Endpoint> endpoints, IServiceProviderIsService? isService)
    {
        var groups = new Dictionary<WeChatGroupCheck, GroupReach>();
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<WeChatGroupCheck>() is null || metadata.GetMetadata<MethodInfo>() is not { } method)
            {
                continue;
            }

            var selected = EndpointCheckPlanBuilder.SelectChecks(metadata);
            var parameters = EndpointCheckPlanBuilder.GetParameters(method, isService);
            foreach (var group in metadata.OfType<WeChatGroupCheck>().Distinct())
            {
                // An endpoint with [SkipWeChatSecurityCheck] is not one the check applies to; the media check skips no
                // endpoint, as a controller's [MediaSecCheck] skips no action.
                var check = group.Check switch
                {
                    IWeChatCheckMetadata { Field: not null } named when selected.Any(applied => ReferenceEquals(applied, named)) => named,
                    MediaSecCheckAttribute media => new MediaCheckField(media),
                    _ => null,
                };
                if (check is null)
                {
                    continue;
                }

                if (!groups.TryGetValue(group, out var reach))
                {
                    reach = new GroupReach(check);
                    groups.Add(group, reach);
                }

                reach.Add(endpoint.DisplayName ?? method.Name, parameters);
            }
        }

        foreach (var reach in groups.Values)
        {
            if (reach.DescribeUnmatched() is { } message)
            {
                throw new InvalidOperationException(message);
            }
        }
    }

    // The endpoints a group's check applies to, named in the message.
    private sealed class GroupReach(IWeChatCheckMetadata check)
    {
        private readonly CheckReach reach = new(check, CheckTargetResolver.PropertyNames);
        private readonly List<string> endpoints = [];

        public void Add(string endpoint, List<CheckParameter> bound)
        {
            endpoints.Add(endpoint);
            reach.Add(bound);
        }

        public string? DescribeUnmatched()
        {
            var named = string.Join(", ", endpoints.Take(NamedEndpoints).Select(name => $"'{name}'"));
            var more = endpoints.Count > NamedEndpoints ? $" and {endpoints.Count - NamedEndpoints} more" : string.Empty;
            return reach.DescribeUnmatched($"the route group of {named}{more} (it matches none of its endpoints)", endpointConvention: true);
        }
    }
}
