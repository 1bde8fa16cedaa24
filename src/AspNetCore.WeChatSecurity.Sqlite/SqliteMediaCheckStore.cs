using System.Text.Json;
using AspNetCore.WeChatSecurity.MediaCheck;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace AspNetCore.WeChatSecurity.Sqlite;

/// <summary>
/// Media checks in one SQLite file, so that a single server's pending checks survive a restart. Each record is a JSON
/// document beside the columns it is found by; trace ids (current and earlier) have a table of their own whose
/// primary key makes each trace id belong to one record. Every write is one IMMEDIATE transaction, so a
/// compare-and-set on the revision is atomic across connections and processes sharing the file.
/// </summary>
internal sealed class SqliteMediaCheckStore : IWeChatMediaCheckStore, IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS wechat_media_checks (
            id TEXT NOT NULL PRIMARY KEY,
            state INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            media_key TEXT NULL,
            revision INTEGER NOT NULL,
            record TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wechat_media_checks_due ON wechat_media_checks (state, due_at);
        CREATE INDEX IF NOT EXISTS ix_wechat_media_checks_due_order ON wechat_media_checks (due_at, id);
        CREATE INDEX IF NOT EXISTS ix_wechat_media_checks_media_key ON wechat_media_checks (media_key, state);
        CREATE TABLE IF NOT EXISTS wechat_media_check_traces (
            trace_id TEXT NOT NULL PRIMARY KEY,
            check_id TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wechat_media_check_traces_check ON wechat_media_check_traces (check_id);
        """;

    /// <summary>
    /// One page of the due rows, in the order of <c>ix_wechat_media_checks_due_order</c>, after the last row seen: read
    /// from that index, a page costs its own rows and no sort of the rest.
    /// </summary>
    internal const string DuePage = """
        SELECT id, due_at, record FROM wechat_media_checks
        WHERE state <> $delivered AND due_at <= $now AND (due_at, id) > ($afterDue, $afterId)
        ORDER BY due_at, id LIMIT $limit
        """;

    private readonly string _connectionString;
    private readonly MediaCheckRecordReader _reader;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteMediaCheckStore(string filePath, ILogger<SqliteMediaCheckStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        ArgumentNullException.ThrowIfNull(logger);
        _reader = new MediaCheckRecordReader(logger, "SQLite");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,

            // Writers wait for each other's transactions (SQLITE_BUSY is retried) for up to this many seconds.
            DefaultTimeout = 30,
        }.ToString();
    }

    public async ValueTask<bool> TryAddAsync(WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await CountAsync(connection, transaction, "SELECT COUNT(*) FROM wechat_media_checks WHERE id = $id", cancellationToken, ("$id", record.Id)) > 0
            || await OwnedElsewhereAsync(connection, transaction, record, ownerMayBeSelf: false, cancellationToken))
        {
            return false;
        }

        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO wechat_media_checks (id, state, due_at, media_key, revision, record) VALUES ($id, $state, $due, $media, $revision, $record)",
            cancellationToken,
            Columns(record));
        await IndexTraceIdsAsync(connection, transaction, record, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask<WeChatMediaCheckRecord?> FindByTraceIdAsync(string traceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadFirstAsync(
            connection,
            "SELECT c.id, c.record FROM wechat_media_check_traces t JOIN wechat_media_checks c ON c.id = t.check_id WHERE t.trace_id = $trace",
            cancellationToken,
            ("$trace", traceId));
    }

    public async ValueTask<WeChatMediaCheckRecord?> FindPendingByMediaKeyAsync(string mediaKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaKey);
        await using var connection = await OpenAsync(cancellationToken);

        // The last added first: a row's rowid is above every rowid stored before it, and the media key index holds it,
        // so the order costs no sort.
        return await ReadFirstAsync(
            connection,
            "SELECT id, record FROM wechat_media_checks WHERE media_key = $media AND state = $pending ORDER BY rowid DESC",
            cancellationToken,
            ("$media", mediaKey),
            ("$pending", MediaCheckRecordState.Pending));
    }

    public async ValueTask<bool> TryReplaceAsync(WeChatMediaCheckRecord replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (await OwnedElsewhereAsync(connection, transaction, replacement, ownerMayBeSelf: true, cancellationToken))
        {
            return false;
        }

        var updated = await ExecuteAsync(
            connection,
            transaction,
            "UPDATE wechat_media_checks SET state = $state, due_at = $due, media_key = $media, revision = $revision, record = $record WHERE id = $id AND revision = $expected",
            cancellationToken,
            [.. Columns(replacement), ("$expected", replacement.Revision - 1)]);
        if (updated == 0)
        {
            return false;
        }

        await IndexTraceIdsAsync(connection, transaction, replacement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask<IReadOnlyList<WeChatMediaCheckRecord>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken);
        var records = new List<WeChatMediaCheckRecord>();

        // Page by page, after the last row seen: rows that cannot be read are passed over, and must not take the places
        // of readable ones behind them; each page is bounded, so no query reads (or sorts) every due row.
        var afterDue = long.MinValue;
        var afterId = string.Empty;
        while (true)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = DuePage;
            Bind(command, [("$delivered", MediaCheckRecordState.Delivered), ("$now", now.ToUnixTimeMilliseconds()), ("$afterDue", afterDue), ("$afterId", afterId), ("$limit", limit)]);
            var scanned = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (records.Count < limit && await reader.ReadAsync(cancellationToken))
            {
                scanned++;
                afterId = reader.GetString(0);
                afterDue = reader.GetInt64(1);
                if (_reader.TryRead(reader.GetFieldValue<byte[]>(2), afterId, out var record))
                {
                    records.Add(record);
                }
            }

            if (records.Count >= limit || scanned < limit)
            {
                return records;
            }
        }
    }

    public async ValueTask<int> RemoveDeliveredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        (string, object?)[] parameters = [("$delivered", MediaCheckRecordState.Delivered), ("$now", now.ToUnixTimeMilliseconds())];
        await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM wechat_media_check_traces WHERE check_id IN (SELECT id FROM wechat_media_checks WHERE state = $delivered AND due_at <= $now)",
            cancellationToken,
            parameters);
        var removed = await ExecuteAsync(connection, transaction, "DELETE FROM wechat_media_checks WHERE state = $delivered AND due_at <= $now", cancellationToken, parameters);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Closes the pooled connections, so that the file is free once the application stops.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _schemaGate.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_schemaReady)
            {
                await EnsureSchemaAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Schema;
                await command.ExecuteNonQueryAsync(cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private static async Task<bool> OwnedElsewhereAsync(SqliteConnection connection, SqliteTransaction transaction, WeChatMediaCheckRecord record, bool ownerMayBeSelf, CancellationToken cancellationToken)
    {
        foreach (var traceId in record.EarlierTraceIds.Prepend(record.TraceId))
        {
            var sql = ownerMayBeSelf
                ? "SELECT COUNT(*) FROM wechat_media_check_traces WHERE trace_id = $trace AND check_id <> $id"
                : "SELECT COUNT(*) FROM wechat_media_check_traces WHERE trace_id = $trace";
            if (await CountAsync(connection, transaction, sql, cancellationToken, ("$trace", traceId), ("$id", record.Id)) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task IndexTraceIdsAsync(SqliteConnection connection, SqliteTransaction transaction, WeChatMediaCheckRecord record, CancellationToken cancellationToken)
    {
        foreach (var traceId in record.EarlierTraceIds.Prepend(record.TraceId))
        {
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT OR IGNORE INTO wechat_media_check_traces (trace_id, check_id) VALUES ($trace, $id)",
                cancellationToken,
                ("$trace", traceId),
                ("$id", record.Id));
        }
    }

    private static (string, object?)[] Columns(WeChatMediaCheckRecord record) =>
    [
        ("$id", record.Id),
        ("$state", MediaCheckRecordState.Of(record)),
        ("$due", record.DueAt.ToUnixTimeMilliseconds()),
        ("$media", record.MediaKey),
        ("$revision", record.Revision),
        ("$record", JsonSerializer.Serialize(record, MediaCheckRecordJsonContext.Default.WeChatMediaCheckRecord)),
    ];

    /// <summary>
    /// The first row (id, record) that can be read: one that cannot is logged and passed over, so that a pending check
    /// of the same media behind it is still found, and no row stops every lookup that meets it.
    /// </summary>
    private async Task<WeChatMediaCheckRecord?> ReadFirstAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (_reader.TryRead(reader.GetFieldValue<byte[]>(1), reader.GetString(0), out var record))
            {
                return record;
            }
        }

        return null;
    }

    private static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Bind(command, parameters);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Bind(command, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            if (command.CommandText.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }
    }
}
