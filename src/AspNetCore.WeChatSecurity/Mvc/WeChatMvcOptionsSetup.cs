using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.Mvc;

/// <summary>
/// Adds <see cref="WeChatSecurityActionFilter"/> and <see cref="WeChatUploadLimitFilter"/> to every action, whether the application calls <c>AddControllers</c>
/// before or after <c>AddWeChatContentSecurity</c>. The filters are created once from MVC's services (reusable, so MVC
/// caches them); they are not registered themselves, so that an application without MVC never needs MVC's services.
/// </summary>
internal sealed class WeChatMvcOptionsSetup : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filters.Add(new TypeFilterAttribute(typeof(WeChatSecurityActionFilter))
        {
            Order = WeChatSecurityActionFilter.FilterOrder,
            IsReusable = true,
        });
        options.Filters.Add(new TypeFilterAttribute(typeof(WeChatUploadLimitFilter))
        {
            Order = WeChatUploadLimitFilter.FilterOrder,
            IsReusable = true,
        });
    }
}
