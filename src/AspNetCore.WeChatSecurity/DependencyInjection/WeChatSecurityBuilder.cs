using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

internal sealed class WeChatSecurityBuilder(IServiceCollection services) : IWeChatSecurityBuilder
{
    public IServiceCollection Services { get; } = services;
}
