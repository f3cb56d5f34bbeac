using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Benchmarks.GrainCalls;
using Netra.Runtime;
using Netra.Runtime.Hosting;
using Netra.Runtime.Persistence.Postgres;
using Netra.Runtime.Testing;
using Npgsql;

namespace Netra.Benchmarks.StateWrites;

/// <summary>One writer count: the grain's writes, the provider's alone, and the raw upsert baseline, from one run.</summary>
public sealed record StateWritesRow(int Writers, Measurement Grain, Measurement Provider, Measurement Raw);

/// <summary>
/// State writes through the PostgreSQL storage provider against raw Npgsql upserts of the same payload, on one
/// throwaway PostgreSQL, closed loop, each writer its own grain (its own row). Three figures per writer count, one
/// after another: a <see cref="WriterGrain"/> on a silo in this process writing through
/// <see cref="IPersistentState{TState}"/>; the provider alone (<see cref="PostgresGrainStorage.WriteAsync"/> with the
/// ETag a grain would hold, no grain call); and the baseline, <see cref="RawUpsert"/>.
/// </summary>
public static class StateWritesBenchmark
{
    public static readonly int[] Concurrency = [1, 10, 100];

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<StateWritesRow>> RunAsync(TimeSpan warmup, TimeSpan duration, IReadOnlyList<int>? concurrency = null)
    {
        var postgres = await PostgresServer.GetSharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync("state_writes");
        try
        {
            await new PostgresMigrator(connectionString).InitializeAsync(CancellationToken.None);
            await using var raw = new RawUpsert(NpgsqlDataSource.Create(connectionString));
            await using (var admin = NpgsqlDataSource.Create(connectionString))
            {
                await RawUpsert.CreateTableAsync(admin);
            }

            await using var provider = new PostgresGrainStorage(new PostgresGrainStorageOptions { ConnectionString = connectionString });
            using var host = await StartSiloAsync(connectionString);
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var rows = new List<StateWritesRow>();
            foreach (var writers in concurrency ?? Concurrency)
            {
                var firstKey = writers * 1_000; // fresh rows for each writer count
                var grain = await ClosedLoop.RunAsync("grain state write", writers, warmup, duration, caller =>
                    grains.GetGrain<IWriterGrain>(firstKey + caller).WriteAsync);
                var direct = await ClosedLoop.RunAsync("provider write", writers, warmup, duration, caller => ProviderCaller(provider, firstKey + caller));
                var baseline = await ClosedLoop.RunAsync("raw upsert", writers, warmup, duration, caller => raw.CreateCaller(firstKey + caller));
                rows.Add(new StateWritesRow(writers, grain, direct, baseline));
            }

            await host.StopAsync();
            return rows;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.DropDatabaseAsync(connectionString);
        }
    }

    public static string Table(IEnumerable<StateWritesRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| writers | grain writes/s | p50 µs | p99 µs | provider alone writes/s | p50 µs | p99 µs | baseline: raw upserts/s | p50 µs | p99 µs | ratio (grain/baseline) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (writers, grain, provider, raw) in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {writers:N0} | {grain.CallsPerSecond:N0} | {grain.P50Us:F0} | {grain.P99Us:F0} | {provider.CallsPerSecond:N0} | {provider.P50Us:F0} | {provider.P99Us:F0} | {raw.CallsPerSecond:N0} | {raw.P50Us:F0} | {raw.P99Us:F0} | {grain.CallsPerSecond / raw.CallsPerSecond:F2} |"));
        }

        return text.ToString();
    }

    /// <summary>The section of docs/benchmarks.md, with the command, the run and the table.</summary>
    public static string Section(string run, string table, TimeSpan warmup, TimeSpan duration) => $"""
        ## State writes through the PostgreSQL provider

        Command: `dotnet run -c Release --project tests/Benchmarks -- state-writes`
        Run: {run}
        A throwaway PostgreSQL on loopback (fsync and synchronous commit off, as every throwaway server here), a fresh
        database with Netra's migrations. Closed loop: each writer writes its next state when the last one is stored;
        writer *i* writes row *i*, a state of about {WriterState.PayloadBytes} bytes of JSON (a counter and a fixed text). **Grain**: a
        call to `WriterGrain` on a silo in this process, which sets its `IPersistentState<T>` and awaits
        `WriteStateAsync` (serialize, one `UPDATE … WHERE version = $etag RETURNING version`). **Provider alone**:
        `PostgresGrainStorage.WriteAsync` called directly with the ETag a grain would hold, no grain call. **Baseline**:
        one raw Npgsql `INSERT … ON CONFLICT … DO UPDATE … RETURNING version` per write into a table of the same shape,
        the state serialized the same way each time, no ETag check. Each row: the three one after another on the same
        server with the same driver, {duration.TotalSeconds:F0} s measured after {warmup.TotalSeconds:F0} s of warm-up each. The aim is a ratio of at least 0.8.

        {table}
        """;

    private static Func<int, ValueTask<int>> ProviderCaller(PostgresGrainStorage provider, int key)
    {
        var grainId = GrainId.Create("provider", key);
        var state = new WriterState { Text = WriterState.Filler };
        string? etag = null;
        return async value =>
        {
            state.Value = value;
            etag = await provider.WriteAsync(grainId, "writer", JsonSerializer.SerializeToUtf8Bytes(state, s_json), etag, CancellationToken.None);
            return value + 1;
        };
    }

    private static async Task<IHost> StartSiloAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.AddNetraSilo(silo => silo.AddPostgresGrainStorage(SiloBuilder.DefaultStorageName, o =>
        {
            o.ConnectionString = connectionString;
            o.ApplyMigrations = false;
        }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
