using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Verdicts;

/// <summary>Keeps every log entry, at every level, for assertions.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void Dispose()
    {
    }

    internal sealed record LogEntry(LogLevel Level, string? EventName, string Message, Exception? Exception);

    private sealed class ListLogger(ListLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(logLevel, eventId.Name, formatter(state, exception), exception));
    }
}
