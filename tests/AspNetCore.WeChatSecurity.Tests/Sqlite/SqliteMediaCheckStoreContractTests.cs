using AspNetCore.WeChatSecurity.Sqlite;
using AspNetCore.WeChatSecurity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AspNetCore.WeChatSecurity.Tests.Sqlite;

public sealed class SqliteMediaCheckStoreContractTests : WeChatMediaCheckStoreContract, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private int _files;

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Contract(string name) => RunAsync(name);

    [Fact]
    public async Task TwoStoresOverOneFile_SeeEachOthersWrites_AndCompareAndSetAcrossThem()
    {
        var path = _directory.File("shared.db");
        using var first = new SqliteMediaCheckStore(path, NullLogger<SqliteMediaCheckStore>.Instance);
        using var second = new SqliteMediaCheckStore(path, NullLogger<SqliteMediaCheckStore>.Instance);
        var now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var record = new WeChatMediaCheckRecord
        {
            Id = "a1",
            TraceId = "trace-a1",
            CorrelationIds = ["post-1"],
            MediaType = WeChatMediaType.Audio,
            SubmittedAt = now,
            Deadline = now.AddMinutes(30),
            DueAt = now.AddMinutes(35),
        };

        Assert.True(await first.TryAddAsync(record, CancellationToken.None));
        var seen = await second.FindByTraceIdAsync("trace-a1", CancellationToken.None);
        var wins = await Task.WhenAll(
            first.TryReplaceAsync(record with { DeliveredCount = 1, Revision = 1 }, CancellationToken.None).AsTask(),
            second.TryReplaceAsync(seen! with { Result = new WeChatMediaCheckResult { TraceId = "trace-a1" }, Revision = 1 }, CancellationToken.None).AsTask());

        Assert.Equal(1, wins.Count(won => won));
    }

    public void Dispose() => _directory.Dispose();

    protected override ValueTask<IWeChatMediaCheckStore> CreateStoreAsync() =>
        ValueTask.FromResult<IWeChatMediaCheckStore>(new SqliteMediaCheckStore(_directory.File($"contract-{Interlocked.Increment(ref _files)}.db"), NullLogger<SqliteMediaCheckStore>.Instance));
}
