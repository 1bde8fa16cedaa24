namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// A readable member of a walked type (a property, or a field of a <c>ValueTuple</c>), with what its declared type can
/// hold.
/// </summary>
/// <param name="KeyName">Its name in error keys.</param>
/// <param name="Read">Reads the member from an instance of its declaring type.</param>
/// <param name="MayContainText">True when the member's declared type can hold text.</param>
/// <param name="MayContainImage">True when the member's declared type can hold files.</param>
internal sealed record PropertyShape(string KeyName, Func<object, object?> Read, bool MayContainText, bool MayContainImage)
{
    public bool MayContain(WeChatCheckKind kind) => kind == WeChatCheckKind.Text ? MayContainText : MayContainImage;
}
