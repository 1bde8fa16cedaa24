using AspNetCore.WeChatSecurity.Checks;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>
/// A <see cref="MediaSecCheckAttribute"/>'s field as the check resolver sees it, so that its name is validated when the
/// action or endpoint is built exactly as <see cref="ImgSecCheckAttribute"/>'s is: a field that can hold files.
/// </summary>
internal sealed class MediaCheckField(MediaSecCheckAttribute attribute) : IWeChatCheckMetadata
{
    public WeChatCheckKind Kind => WeChatCheckKind.Image;

    public string? Field => attribute.Field;

    public WeChatScene? Scene => attribute.Scene;

    /// <summary>
    /// The message for a field that matches none of the handler's files; null when it matches one, or when the handler
    /// binds no file at all (it reads the form itself, so there is no name to compare with).
    /// </summary>
    public string? DescribeUnmatched(string owner, IReadOnlyList<CheckParameter> parameters, CheckTargetResolver.KeyNamer namer, bool endpointConvention)
    {
        if (CheckTargetResolver.Resolve(this, parameters, namer).Count > 0 || FieldPaths.For(parameters, Kind).Count == 0)
        {
            return null;
        }

        return CheckTargetResolver.DescribeUnmatched(this, owner, parameters, endpointConvention);
    }

    /// <summary>The check as it was written: <c>[MediaSecCheck("voice", WeChatMediaType.Audio)]</c> or <c>.WithMediaSecCheck("voice", WeChatMediaType.Audio)</c>.</summary>
    public string Describe(bool endpointConvention)
    {
        var arguments = $"\"{attribute.Field}\", WeChatMediaType.{attribute.MediaType}";
        if (endpointConvention)
        {
            return $".WithMediaSecCheck({arguments})";
        }

        return attribute.Scene is { } scene ? $"[MediaSecCheck({arguments}, Scene = WeChatScene.{scene})]" : $"[MediaSecCheck({arguments})]";
    }
}
