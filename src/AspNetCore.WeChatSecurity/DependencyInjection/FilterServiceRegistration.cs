using AspNetCore.WeChatSecurity.Checks;
using AspNetCore.WeChatSecurity.Mvc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>Registers the MVC and endpoint filters and the responses they write (Checks/, Mvc/, Endpoints/, Responses/).</summary>
internal static class FilterServiceRegistration
{
    public static IServiceCollection AddWeChatFilters(this IServiceCollection services)
    {
        services.AddLogging();

        // Idempotent: an application's own AddProblemDetails(...) before or after this still customises the responses.
        services.AddProblemDetails();
        services.TryAddSingleton<WeChatFailOpenRecorder>();
        services.TryAddSingleton<WeChatCheckRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, WeChatCheckStartupFilter>());

        // Used only when the application adds MVC, whether it does so before or after this: it gives the actions with
        // checks their filters. Built by a factory so that validating the container on build does not ask for MVC's
        // services in an app without MVC.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApplicationModelProvider, WeChatSecurityApplicationModelProvider>(
            static provider => new WeChatSecurityApplicationModelProvider(provider.GetRequiredService<IModelMetadataProvider>())));
        return services;
    }
}
