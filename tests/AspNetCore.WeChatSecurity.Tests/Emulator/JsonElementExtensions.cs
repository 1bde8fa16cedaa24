using System.Text.Json;

namespace AspNetCore.WeChatSecurity.Tests.Emulator;

internal static class JsonElementExtensions
{
    public static int ErrCode(this JsonElement element) => element.GetProperty("errcode").GetInt32();
}
