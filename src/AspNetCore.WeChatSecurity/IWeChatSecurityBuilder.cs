using Microsoft.Extensions.DependencyInjection;

namespace AspNetCore.WeChatSecurity;

/// <summary>Returned by <c>AddWeChatContentSecurity</c> to chain further configuration (emulator, distributed cache...).</summary>
public interface IWeChatSecurityBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
