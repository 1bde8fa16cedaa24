using System.Reflection;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Tests.Diagnostics;

public sealed class LogEventTests
{
    [Fact]
    public void LogEvents_HaveUniqueStableIds_NamedAfterTheirMethods()
    {
        var events = typeof(WeChatSecurityOptions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.True(events.Count >= 20, $"only {events.Count} log events found");
        Assert.All(events, e => Assert.Equal(e.Method.Name, e.Attribute!.EventName));
        var duplicates = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }
}
