namespace AspNetCore.WeChatSecurity.Endpoints;

/// <summary>
/// Endpoint metadata saying the checks' filter is installed: conventions add the filter once however often they run,
/// and the middleware can tell an endpoint whose check attributes would silently never run.
/// </summary>
internal sealed class WeChatEndpointFilterMarker
{
    public static WeChatEndpointFilterMarker Instance { get; } = new();

    private WeChatEndpointFilterMarker()
    {
    }
}
