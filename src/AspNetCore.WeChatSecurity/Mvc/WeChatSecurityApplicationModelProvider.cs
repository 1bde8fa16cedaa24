using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Works out each action's checks when MVC builds its actions, gives the actions that have checks a
/// <see cref="WeChatSecurityActionFilter"/> with their plan, gives the actions that carry
/// <see cref="MediaSecCheckAttribute"/> a <see cref="MediaSecCheckActionFilter"/> with their attributes, gives the
/// actions that check images or media one <see cref="WeChatUploadLimitFilter"/> with their file fields, and refuses field names that match nothing, naming the action and the
/// field. Checks on a controller apply to its actions unless an action (or the controller) carries
/// <see cref="SkipWeChatSecurityCheckAttribute"/>; a named check on a controller must match in at least one of them (a
/// <see cref="MediaSecCheckAttribute"/>'s field, in at least one action when any of them binds files).
/// </summary>
internal sealed class WeChatSecurityApplicationModelProvider(IModelMetadataProvider metadataProvider) : IApplicationModelProvider
{
    private readonly CheckTargetResolver.KeyNamer _namer = new ModelMetadataKeyNamer(metadataProvider).Namer;

    // One collector for every action, so that the shapes of the types it walks are worked out once.
    private readonly ValueCollector _collector = new(new ModelMetadataKeyNamer(metadataProvider).Namer);

    /// <summary>After MVC's own providers, so that the binding sources [ApiController] infers are known.</summary>
    public int Order => -1000 + 200;

    public void OnProvidersExecuting(ApplicationModelProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApplicationModelProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var controller in context.Result.Controllers)
        {
            // The attributes are filters only for when nothing of this library runs them: here it does.
            RemoveCheckFilters(controller.Filters);
            var controllerChecks = controller.Attributes.OfType<IWeChatCheckMetadata>().ToList();
            var controllerSkipped = controller.Attributes.OfType<SkipWeChatSecurityCheckAttribute>().Any();
            var controllerMediaAttributes = controller.Attributes.OfType<MediaSecCheckAttribute>().ToList();

            // A controller's named check must match in one of the actions it applies to; its media fields apply to all.
            var checkReaches = controllerChecks.Where(c => c.Field is not null).Select(c => new CheckReach(c, _namer)).ToList();
            var mediaReaches = controllerMediaAttributes.Select(a => new CheckReach(new MediaCheckField(a), _namer)).ToList();

            foreach (var action in controller.Actions)
            {
                RemoveCheckFilters(action.Filters);
                var owner = $"action '{action.DisplayName}'";
                var parameters = MvcCheckPlanBuilder.GetParameters(action, metadataProvider);
                var targets = new List<CheckTarget>();
                var skipped = controllerSkipped || action.Attributes.OfType<SkipWeChatSecurityCheckAttribute>().Any();

                if (!skipped)
                {
                    foreach (var check in controllerChecks)
                    {
                        ThrowIfUnread(check, owner, parameters);
                        targets.AddRange(CheckTargetResolver.Resolve(check, parameters, _namer));
                    }

                    checkReaches.ForEach(reach => reach.Add(parameters));
                }

                foreach (var check in action.Attributes.OfType<IWeChatCheckMetadata>())
                {
                    ThrowIfUnread(check, owner, parameters);
                    var resolved = CheckTargetResolver.Resolve(check, parameters, _namer);

                    // On the action itself, a check that finds nothing to check is a mistake, with a field name or without
                    // one; on the controller, a field-less check passes over the actions that bind no text or file.
                    if (resolved.Count == 0)
                    {
                        throw new InvalidOperationException(CheckTargetResolver.DescribeUnmatched(check, owner, parameters));
                    }

                    targets.AddRange(resolved);
                }

                // MediaSecCheck is not skipped by [SkipWeChatSecurityCheck]: the controller's apply to every action, so its
                // fields are checked on every action.
                var actionMediaAttributes = action.Attributes.OfType<MediaSecCheckAttribute>().ToList();
                foreach (var media in actionMediaAttributes.Select(a => new MediaCheckField(a)))
                {
                    if (media.DescribeUnmatched(owner, parameters, _namer, endpointConvention: false) is { } message)
                    {
                        throw new InvalidOperationException(message);
                    }
                }

                // A controller's media field is matched across its actions as a route group's is across its endpoints:
                // an action that binds no file (a GET) does not vouch for a field no other action binds.
                mediaReaches.ForEach(reach => reach.Add(parameters));

                if (targets.Count > 0)
                {
                    AddCheckFilter(action, new CheckPlan(action.DisplayName, [.. targets]));
                }

                MediaSecCheckAttribute[] mediaAttributes = [.. controllerMediaAttributes, .. actionMediaAttributes];
                if (mediaAttributes.Length > 0)
                {
                    AddMediaFilter(action, mediaAttributes);
                    if (targets.Count > 0)
                    {
                        AddMediaFilesLimitFilter(action, mediaAttributes);
                    }
                }

                // The keys the image checks' errors use (as model validation names the file), then the media fields as
                // the media check's own errors name them.
                string[] fileKeys =
                [
                    .. targets.Where(target => target.Check.Kind == WeChatCheckKind.Image).Select(target => target.FieldKey)
                        .Concat(mediaAttributes.Select(attribute => attribute.Field))
                        .Distinct(StringComparer.Ordinal),
                ];
                if (fileKeys.Length > 0)
                {
                    AddUploadLimitFilter(action, fileKeys);
                }
            }

            var controllerOwner = $"controller '{controller.ControllerType.FullName}' (it matches none of its actions)";
            foreach (var reach in checkReaches.Concat(mediaReaches))
            {
                if (reach.DescribeUnmatched(controllerOwner, endpointConvention: false) is { } message)
                {
                    throw new InvalidOperationException(message);
                }
            }
        }
    }

    // Created once per action from the application's services (reusable, so MVC caches them), so that only actions with
    // checks pay for them and an application without MVC never needs MVC's services.
    private void AddCheckFilter(ActionModel action, CheckPlan plan) =>
        action.Filters.Add(new TypeFilterAttribute(typeof(WeChatSecurityActionFilter))
        {
            Arguments = [plan, _collector],
            Order = WeChatSecurityActionFilter.FilterOrder,
            IsReusable = true,
        });

    private static void AddUploadLimitFilter(ActionModel action, string[] fileKeys) =>
        action.Filters.Add(new TypeFilterAttribute(typeof(WeChatUploadLimitFilter))
        {
            Arguments = [fileKeys],
            Order = WeChatUploadLimitFilter.FilterOrder,
            IsReusable = true,
        });

    private static void AddMediaFilter(ActionModel action, MediaSecCheckAttribute[] attributes) =>
        action.Filters.Add(new TypeFilterAttribute(typeof(MediaSecCheckActionFilter))
        {
            Arguments = [attributes],
            Order = MediaSecCheckActionFilter.FilterOrder,
            IsReusable = true,
        });

    private static void AddMediaFilesLimitFilter(ActionModel action, MediaSecCheckAttribute[] attributes) =>
        action.Filters.Add(new TypeFilterAttribute(typeof(MediaFilesLimitFilter))
        {
            Arguments = [attributes],
            Order = MediaFilesLimitFilter.FilterOrder,
            IsReusable = true,
        });

    // A check that would pass over a parameter it cannot read stops the start, as a field that matches nothing does.
    private static void ThrowIfUnread(IWeChatCheckMetadata check, string owner, IReadOnlyList<CheckParameter> parameters)
    {
        if (CheckTargetResolver.DescribeUnread(check, owner, parameters) is { } unread)
        {
            throw new InvalidOperationException(unread);
        }
    }

    private static void RemoveCheckFilters(IList<IFilterMetadata> filters)
    {
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            if (filters[i] is IWeChatCheckMetadata or MediaSecCheckAttribute)
            {
                filters.RemoveAt(i);
            }
        }
    }
}
