namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>Endpoint metadata saying that <c>WithMediaSecCheck</c> installed the filter that runs the endpoint's <see cref="MediaSecCheckAttribute"/>s.</summary>
internal sealed class MediaSecCheckFilterMarker
{
    public static readonly MediaSecCheckFilterMarker Instance = new();

    private MediaSecCheckFilterMarker()
    {
    }
}
