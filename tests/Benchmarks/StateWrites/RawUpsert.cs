using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Netra.Benchmarks.StateWrites;

/// <summary>
/// The baseline: what a hand-written PostgreSQL state store would do for one write, one
/// <c>INSERT … ON CONFLICT … DO UPDATE … RETURNING version</c> per write through Npgsql, into a copy of
/// <c>netra_grain_state</c> (same columns, same primary key), with the state serialized as the silo serializes it
/// (System.Text.Json, web defaults) on every write. No grain, no ETag check.
/// </summary>
internal sealed class RawUpsert(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string Table = "bench_raw_state";

    private const string UpsertSql = $"""
        INSERT INTO {Table} (grain_type, grain_key, state_name, version, payload)
        VALUES ($1, $2, $3, 1, $4)
        ON CONFLICT (grain_type, grain_key, state_name)
        DO UPDATE SET version = {Table}.version + 1, payload = excluded.payload, modified_at = now()
        RETURNING version
        """;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the table: <c>netra_grain_state</c>'s shape, which the migrator made already.</summary>
    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"CREATE TABLE {Table} (LIKE netra_grain_state INCLUDING ALL)");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A closed-loop caller that upserts the row of key <paramref name="caller"/>.</summary>
    public Func<int, ValueTask<int>> CreateCaller(int caller)
    {
        var key = caller.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var state = new WriterState { Text = WriterState.Filler };
        return async value =>
        {
            state.Value = value;
            var payload = JsonSerializer.SerializeToUtf8Bytes(state, s_json);
            await using var command = dataSource.CreateCommand(UpsertSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "raw" });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "writer" });
            command.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>> { TypedValue = payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
            return await command.ExecuteScalarAsync() is long ? value + 1 : throw new InvalidOperationException("The upsert returned no version.");
        };
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
