using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AspNetCore.WeChatSecurity.DependencyInjection;

/// <summary>
/// Builds the options as the framework's factory does, but keeps the last valid ones when a configuration reload brings
/// invalid values (or values that cannot be bound). The framework's <see cref="IOptionsMonitor{TOptions}"/> drops its
/// cached value before it builds the reloaded one: an invalid reload would leave every later <c>CurrentValue</c>
/// throwing <see cref="OptionsValidationException"/>, every request failing with it, until a valid reload, and the
/// exception would surface on the thread that raised the reload. Here the reload is refused with one error in the log
/// and the application goes on with the settings it had. On start nothing was valid yet: the failure is thrown, so that
/// <c>ValidateOnStart</c> still stops the host with every message.
/// </summary>
internal sealed class LastValidOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations,
    ILogger<LastValidOptionsFactory<TOptions>> logger) : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _factory = new(setups, postConfigures, validations);
    private readonly ConcurrentDictionary<string, TOptions> _lastValid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastRefusal = new(StringComparer.Ordinal);

    public TOptions Create(string name)
    {
        try
        {
            var options = _factory.Create(name);
            _lastValid[name] = options;
            _lastRefusal.TryRemove(name, out _);
            return options;
        }
        catch (OptionsValidationException refused) when (_lastValid.TryGetValue(name, out var previous))
        {
            Refused(name, string.Join(" ", refused.Failures));
            return previous;
        }
        catch (InvalidOperationException unbindable) when (_lastValid.TryGetValue(name, out var previous))
        {
            // The binder's "Failed to convert configuration value at 'path' to type 'type'" names the key, not its value.
            Refused(name, unbindable.Message);
            return previous;
        }
    }

    // Logged once per refusal: the monitor builds the options once per reload, but an IOptions or IOptionsSnapshot first
    // read after it builds them again from the same configuration.
    private void Refused(string name, string failures)
    {
        if (_lastRefusal.TryGetValue(name, out var logged) && logged == failures)
        {
            return;
        }

        _lastRefusal[name] = failures;
        OptionsLog.ReloadRefused(logger, typeof(TOptions).Name, failures);
    }
}
