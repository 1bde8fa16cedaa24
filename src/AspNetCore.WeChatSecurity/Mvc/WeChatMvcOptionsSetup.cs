using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Adds <see cref="WeChatSecurityActionFilter"/> to every action, whether the application calls <c>AddControllers</c>
/// before or after <c>AddWeChatContentSecurity</c>. The filter is a singleton, so MVC caches it.
/// </summary>
internal sealed class WeChatMvcOptionsSetup : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filters.Add(new ServiceFilterAttribute(typeof(WeChatSecurityActionFilter))
        {
            Order = WeChatSecurityActionFilter.FilterOrder,
            IsReusable = true,
        });
    }
}
