using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.MediaCheck;

/// <summary>Adds <see cref="MediaSecCheckActionFilter"/> to every action; it does nothing for actions without <see cref="MediaSecCheckAttribute"/>.</summary>
internal sealed class MediaSecCheckMvcOptionsSetup : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filters.Add(new TypeFilterAttribute(typeof(MediaSecCheckActionFilter)) { Order = MediaSecCheckActionFilter.FilterOrder, IsReusable = true });
    }
}
