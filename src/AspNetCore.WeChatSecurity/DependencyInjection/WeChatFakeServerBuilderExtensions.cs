using AspNetCore.WeChatSecurity;
using AspNetCore.WeChatSecurity.Api;
using AspNetCore.WeChatSecurity.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Answers WeChat's calls with a stand-in: the Testing package's emulator, or a fake of your own.</summary>
public static class WeChatFakeServerBuilderExtensions
{
    /// <summary>
    /// Sends every WeChat API call (tokens and checks) to <paramref name="handler"/> instead of WeChat. The stand-in
    /// must answer as WeChat does (the paths, errcodes and bodies of <c>/cgi-bin/token</c>, <c>/cgi-bin/stable_token</c>,
    /// <c>/wxa/msg_sec_check</c>, <c>/wxa/img_sec_check</c>, <c>/wxa/media_check_async</c>); to push verdicts it signs
    /// and encrypts them with <see cref="WeChatPushSignature"/> and <see cref="WeChatPushCipher"/>. Starting refuses a
    /// stand-in in the Production environment unless <see cref="WeChatSecurityOptions.AllowEmulatorInProduction"/> is set,
    /// so that a misconfigured deployment never publishes unchecked content.
    /// </summary>
    /// <param name="builder">The builder from <c>AddWeChatContentSecurity</c>.</param>
    /// <param name="handler">Creates the handler that answers for WeChat.</param>
    /// <returns>The builder.</returns>
    public static IWeChatSecurityBuilder UseFakeWeChat(this IWeChatSecurityBuilder builder, Func<IServiceProvider, HttpMessageHandler> handler)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(handler);
        builder.Services.TryAddSingleton<WeChatEmulatorMarker>();
        builder.Services.AddHttpClient(WeChatApiNames.HttpClientName).ConfigurePrimaryHttpMessageHandler(handler);
        return builder;
    }
}
