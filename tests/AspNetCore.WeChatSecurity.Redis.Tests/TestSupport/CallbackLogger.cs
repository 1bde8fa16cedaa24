using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Redis.Tests.TestSupport;

/// <summary>
/// A logger that runs an action, synchronously, as a store logs a record it cannot read: a test's way to change Redis
/// at that exact point of a store's work, without a hook in the store.
/// </summary>
internal sealed class CallbackLogger<T>(Action<string> onUnreadableRecord) : ILogger<T>
{
    private readonly List<string> _logged = [];

    public IReadOnlyList<string> Logged => _logged;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name != "UnreadableRecord" || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }

        var recordId = (string)values.First(static pair => pair.Key == "RecordId").Value!;
        _logged.Add(recordId);
        onUnreadableRecord(recordId);
    }
}
