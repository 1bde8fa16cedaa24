namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// Endpoint metadata saying <see cref="Check"/> came from a route group's <c>WithMsgSecCheck</c>, <c>WithImgSecCheck</c>
/// or <c>WithMediaSecCheck</c>, as a controller's attribute applies to its actions: it passes over the group's endpoints
/// where it finds nothing to check (a <c>GET /posts/{id}</c>), and a field name must match on at least one of them,
/// which <see cref="RouteGroupCheckValidator"/> verifies at start, once every endpoint is built.
/// </summary>
internal sealed class WeChatGroupCheck(object check)
{
    /// <summary>
    /// The attribute the group added (an <see cref="Checks.IWeChatCheckMetadata"/> or a
    /// <see cref="MediaSecCheckAttribute"/>): the same instance, and the same marker, on every endpoint under
    /// the group, nested groups included.
    /// </summary>
    public object Check { get; } = check;

    /// <summary>True when <paramref name="check"/> is the very check a group added to the endpoint with <paramref name="metadata"/>.</summary>
    public static bool IsFromGroup(IEnumerable<object> metadata, object check) =>
        metadata.OfType<WeChatGroupCheck>().Any(added => ReferenceEquals(added.Check, check));
}
