using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the MVC and endpoint filters and the responses they write (Mvc/, Endpoints/).</summary>
internal static class FilterServiceRegistration
{
    public static IServiceCollection AddWeChatFilters(this IServiceCollection services) => services;
}
