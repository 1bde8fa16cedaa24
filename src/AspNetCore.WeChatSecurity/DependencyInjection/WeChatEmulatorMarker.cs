namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>
/// Registered by the Testing package when the emulator answers instead of WeChat, so that start-up can refuse it in
/// Production unless <see cref="WeChatSecurityOptions.AllowEmulatorInProduction"/> is set.
/// </summary>
internal sealed class WeChatEmulatorMarker
{
}
