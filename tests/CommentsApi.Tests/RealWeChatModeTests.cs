using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommentsApi.Tests;

/// <summary>The sample with credentials configured: it must talk to WeChat, never to the emulator. No request is sent.</summary>
public sealed class RealWeChatModeTests
{
    [Fact]
    public async Task WithAnAppId_TheEmulatorIsNotRegistered()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WeChatSecurity:AppId", "wx1234567890abcdef");
            builder.UseSetting("WeChatSecurity:AppSecret", "not-a-real-secret-0000000000000000");
        });

        Assert.Null(factory.Services.GetService<WeChatEmulator>());
        var options = factory.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value;
        Assert.Equal("wx1234567890abcdef", options.AppId);
        Assert.Equal(new Uri("https://api.weixin.qq.com"), options.ApiBaseAddress);
    }

    [Fact]
    public async Task WithoutAnAppId_TheEmulatorIsRegistered_AndSuppliesTheCredentials()
    {
        await using var factory = new WebApplicationFactory<Program>();

        var emulator = factory.Services.GetService<WeChatEmulator>();

        Assert.NotNull(emulator);
        Assert.Equal(emulator.Options.AppId, factory.Services.GetRequiredService<IOptions<WeChatSecurityOptions>>().Value.AppId);
    }
}
