using Microsoft.Extensions.Logging.Testing;

namespace AspNetCore.WeChatSecurity.Tests.TestSupport;

internal static class FakeLogRecordExtensions
{
    /// <summary>Everything a log line carries (category, message, every structured value, exception): what a secret must never be in.</summary>
    public static string AllText(this FakeLogRecord record) =>
        $"{record.Category} {record.Message} {string.Join(';', record.StructuredState ?? [])} {record.Exception}";
}
