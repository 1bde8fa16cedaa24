using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.Checks;

/// <summary>
/// What a check attribute does when MVC runs it as a filter itself, which happens only when nothing of this library
/// took charge of it (<c>AddWeChatContentSecurity</c> was never called, or the action is a Razor Page): it refuses the
/// request, so that content the attribute names is never published unchecked.
/// </summary>
internal static class UnrunCheck
{
    public static IFilterMetadata Refuse(string attribute, IServiceProvider services) => throw new InvalidOperationException(
        services.GetService<WeChatCheckRunner>() is null
            ? $"[{attribute}] asks for a WeChat content-security check, but the services that run it are missing, so the request is refused rather than published unchecked. Add them by calling 'services.AddWeChatContentSecurity(...)' in the application startup code."
            : $"[{attribute}] is on an action that WeChat content security does not run (for example a Razor Page), so the request is refused rather than published unchecked. Move it to a controller action, or call IWeChatContentSecurity.Ensure… in the handler.");
}
