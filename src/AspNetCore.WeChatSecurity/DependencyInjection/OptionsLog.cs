using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

internal static partial class OptionsLog
{
    [LoggerMessage(800, LogLevel.Error, "The reloaded configuration of {Options} is invalid and was not applied; the previous settings stay in force until a valid reload. {Failures}", EventName = nameof(ReloadRefused))]
    public static partial void ReloadRefused(ILogger logger, string options, string failures);
}
