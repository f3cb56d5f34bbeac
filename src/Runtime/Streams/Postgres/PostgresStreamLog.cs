using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Netra.Runtime.Streams.Postgres;

/// <summary>
/// Streams in PostgreSQL (tables of migration 0003). An append is one statement that moves the stream's
/// <c>last_seq</c> only if it still holds the expected value and inserts the items only if it did, so a stale
/// activation's append changes nothing and fails with <see cref="StreamConflictException"/>.
/// </summary>
internal sealed class PostgresStreamLog(NpgsqlDataSource dataSource, IOptions<StreamOptions> options) : IStreamLog
{
    private const string AppendSql = """
        WITH moved AS (
            INSERT INTO netra_streams AS s (stream_id, last_seq) VALUES ($1, $2 + cardinality($3::bytea[]))
            ON CONFLICT (stream_id) DO UPDATE SET last_seq = EXCLUDED.last_seq WHERE s.last_seq = $2
            RETURNING 1)
        INSERT INTO netra_stream_items (stream_id, seq, payload, created_at)
        SELECT $1, $2 + t.ordinality, t.payload, $4
        FROM unnest($3::bytea[]) WITH ORDINALITY AS t(payload, ordinality)
        WHERE EXISTS (SELECT 1 FROM moved)
        """;

    private const string ReadSql = """
        SELECT seq, payload, created_at FROM netra_stream_items
        WHERE stream_id = $1 AND seq > $2 AND seq > $4 AND created_at >= $5
        ORDER BY seq LIMIT $3
        """;

    private const string LastSql = "SELECT last_seq FROM netra_streams WHERE stream_id = $1";

    private const string FirstSql = "SELECT min(seq) FROM netra_stream_items WHERE stream_id = $1 AND seq > $2 AND created_at >= $3";

    private const string TrimSql = "DELETE FROM netra_stream_items WHERE stream_id = $1 AND (seq <= $2 OR created_at < $3)";

    private readonly StreamOptions _options = options.Value;

    public async Task<long> GetLastSequenceAsync(StreamId stream, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LastSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.ToString() });
        return await command.ExecuteScalarAsync(cancellationToken) is long last ? last : 0;
    }

    public async Task AppendAsync(StreamId stream, long expectedLast, IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        var payloads = new byte[records.Count][];
        for (var i = 0; i < records.Count; i++)
        {
            payloads[i] = records[i].Payload;
        }

        await using var command = dataSource.CreateCommand(AppendSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.ToString() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedLast });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = records[0].Timestamp.ToUniversalTime() });
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != records.Count)
        {
            throw new StreamConflictException($"Stream {stream} moved past {expectedLast} under this activation.");
        }
    }

    public async Task<StreamReadResult> ReadAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        var last = await GetLastSequenceAsync(stream, cancellationToken);
        var oldest = DateTimeOffset.UtcNow - _options.Retention;
        var floor = last - _options.MaxItemsPerStream;
        var items = new List<StreamRecord>();
        if (maxCount > 0 && afterSequence < last)
        {
            await using var command = dataSource.CreateCommand(ReadSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.ToString() });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = floor });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = oldest });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new StreamRecord(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
            }
        }

        var firstRetained = items.Count > 0 && items[0].Sequence <= afterSequence + 1
            ? afterSequence + 1
            : await FirstRetainedAsync(stream, floor, oldest, last, cancellationToken);
        return new StreamReadResult(items, last, firstRetained);
    }

    public async Task TrimAsync(StreamId stream, long upToSequence, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TrimSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.ToString() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upToSequence });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = olderThan.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> FirstRetainedAsync(StreamId stream, long floor, DateTimeOffset oldest, long last, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FirstSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.ToString() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = floor });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = oldest });
        return await command.ExecuteScalarAsync(cancellationToken) is long first ? first : last + 1;
    }
}
