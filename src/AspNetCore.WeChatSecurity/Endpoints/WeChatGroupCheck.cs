using AspNetCore.WeChatSecurity.Checks;

namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// Endpoint metadata saying <see cref="Check"/> came from a route group's <c>WithMsgSecCheck</c>/<c>WithImgSecCheck</c>:
/// without a field name, it passes over the group's endpoints that bind nothing it can check (a <c>GET /posts/{id}</c>),
/// as a controller's check passes over such actions.
/// </summary>
internal sealed class WeChatGroupCheck(IWeChatCheckMetadata check)
{
    /// <summary>The check the group added, the same instance on every endpoint of the group.</summary>
    public IWeChatCheckMetadata Check { get; } = check;

    /// <summary>True when <paramref name="check"/> is the very check a group added to the endpoint with <paramref name="metadata"/>.</summary>
    public static bool IsFromGroup(IEnumerable<object> metadata, IWeChatCheckMetadata check) =>
        metadata.OfType<WeChatGroupCheck>().Any(added => ReferenceEquals(added.Check, check));
}
