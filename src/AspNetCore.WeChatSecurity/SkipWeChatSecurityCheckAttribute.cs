namespace AspNetCore.WeChatSecurity;

/// <summary>
/// Opts an action out of the checks declared on its controller (<see cref="MsgSecCheckAttribute"/> and
/// <see cref="ImgSecCheckAttribute"/> on the class or a base class); checks declared on the action itself still run.
/// On a minimal API endpoint it removes the checks that come before it in the endpoint's metadata, such as those of
/// its route group.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SkipWeChatSecurityCheckAttribute : Attribute
{
}
