namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>The checks <c>[MediaSecCheck]</c> submitted for the current request, for the action to read.</summary>
internal sealed class MediaChecksFeature(IReadOnlyList<WeChatPendingCheck> checks)
{
    public IReadOnlyList<WeChatPendingCheck> Checks { get; } = checks;
}
