using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Runtime.Testing;

namespace Netra.Benchmarks.Ingestion;

/// <summary>
/// Events per second into ClickHouse through <see cref="ClickHouseWorkloadStore.AppendAsync"/> in batches, against the
/// baseline of <c>curl</c> posting the same events, batch by batch, as <c>INSERT … FORMAT JSONEachRow</c> bodies
/// prepared beforehand. Both go to a throwaway clickhouse-server of the benchmark's own, each into a fresh database.
/// </summary>
public static class IngestionBenchmark
{
    /// <summary>One measured row.</summary>
    public sealed record Row(int Batch, int Events, double StoreSeconds, double CurlSeconds, double StoreCores, double MachineBusy);

    public static async Task<IReadOnlyList<Row>> RunAsync(int events, int[] batches)
    {
        await using var server = await ClickHouseServer.StartNewAsync();
        var rows = new List<Row>();
        var data = Events(events);
        foreach (var batch in batches)
        {
            using var store = Store(server.Url, $"bench_store_{batch}");
            await store.AppendAsync("warmup", data.Take(Math.Min(batch, 1000)).ToList(), CancellationToken.None);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var machine = Report.MachineCpu();
            var clock = Stopwatch.StartNew();
            for (var offset = 0; offset < data.Count; offset += batch)
            {
                var slice = data.GetRange(offset, Math.Min(batch, data.Count - offset));
                if (await store.AppendAsync("bench", slice, CancellationToken.None) != slice.Count)
                {
                    throw new InvalidOperationException("The store rejected events.");
                }
            }

            var storeSeconds = clock.Elapsed.TotalSeconds;
            var storeCores = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / storeSeconds;
            var busy = Report.MachineCpu() is { } after && machine is { } before ? (double)(after.Busy - before.Busy) / (after.Total - before.Total) : double.NaN;

            var curlSeconds = await CurlAsync(server.Url, $"bench_curl_{batch}", data, batch);
            rows.Add(new Row(batch, data.Count, storeSeconds, curlSeconds, storeCores, busy));
        }

        return rows;
    }

    public static string Table(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| batch | events | store events/s | curl JSONEachRow events/s (baseline) | ratio (store/curl) | benchmark process cores | machine busy |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Batch:N0} | {r.Events:N0} | {r.Events / r.StoreSeconds:N0} | {r.Events / r.CurlSeconds:N0} | {r.CurlSeconds / r.StoreSeconds:F2} | {r.StoreCores:F2} | {r.MachineBusy:P0} |"));
        }

        return text.ToString();
    }

    private static async Task<double> CurlAsync(Uri url, string database, List<WorkloadEvent> data, int batch)
    {
        using (var schema = Store(url, database))
        {
            await schema.MigrateAsync(CancellationToken.None); // the same table, empty
        }

        var directory = Directory.CreateTempSubdirectory("netra-bench-ingest-");
        try
        {
            var files = new List<string>();
            for (var offset = 0; offset < data.Count; offset += batch)
            {
                var path = Path.Combine(directory.FullName, $"{offset}.json");
                await File.WriteAllTextAsync(path, JsonEachRow(data.GetRange(offset, Math.Min(batch, data.Count - offset)), offset));
                files.Add(path);
            }

            var insert = Uri.EscapeDataString($"INSERT INTO {database}.workload_events_v3 FORMAT JSONEachRow"); // the store's events table (ClickHouseSchema.Events); columns by name
            var clock = Stopwatch.StartNew();
            foreach (var file in files)
            {
                using var curl = Process.Start(new ProcessStartInfo("curl", ["-sS", "--fail", "--data-binary", $"@{file}", $"{url}?query={insert}"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                }) ?? throw new InvalidOperationException("curl did not start.");
                var error = await curl.StandardError.ReadToEndAsync();
                await curl.WaitForExitAsync();
                if (curl.ExitCode != 0)
                {
                    throw new InvalidOperationException($"curl failed: {error}");
                }
            }

            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string JsonEachRow(List<WorkloadEvent> events, long firstSeq)
    {
        var text = new StringBuilder();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            text.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["user_id"] = "bench", ["dataset"] = e.Dataset, ["seq"] = firstSeq + i, ["ts_ms"] = e.Timestamp.ToUnixTimeMilliseconds(),
                ["request_id"] = e.RequestId, ["provider"] = e.Provider, ["model"] = e.Model, ["operation"] = e.Operation,
                ["input_tokens"] = e.InputTokens, ["output_tokens"] = e.OutputTokens, ["cache_read_input_tokens"] = e.CacheReadInputTokens,
                ["cache_creation_input_tokens"] = e.CacheCreationInputTokens, ["latency_ms"] = e.LatencyMs, ["ttft_ms"] = e.TtftMs,
                ["status"] = e.Status, ["finish_reason"] = e.FinishReason, ["cost_usd"] = e.CostUsd is { } c ? (double)c : null,
                ["feature"] = e.Feature, ["end_user"] = e.EndUser, ["session_id"] = e.SessionId, ["prompt_hash"] = e.PromptHash,
                ["prefix_hashes"] = e.PrefixHashes ?? [], ["has_prefix_hashes"] = e.PrefixHashes is null ? 0 : 1, ["max_tokens"] = e.MaxTokens, ["team"] = e.Team,
            })).Append('\n');
        }

        return text.ToString();
    }

    private static ClickHouseWorkloadStore Store(Uri url, string database) =>
        new(Options.Create(new WorkloadOptions { MaxEventsPerUser = int.MaxValue, ClickHouse = new ClickHouseStoreOptions { Url = url.ToString(), Database = database } }),
            TimeProvider.System, NullLogger<ClickHouseWorkloadStore>.Instance);

    /// <summary>Events like an import's: a few models, features, teams and end users, priced from the catalog.</summary>
    private static List<WorkloadEvent> Events(int count)
    {
        var random = new Random(42);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        string[] models = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet"];
        string[] features = ["chat", "search", "summarize", "extract"];
        return [.. Enumerable.Range(0, count).Select(i => ModelCatalog.Default.Priced(new WorkloadEvent(
            start.AddMilliseconds(i * 250L), $"req-{i}", "openai", models[random.Next(models.Length)], "chat", random.Next(50, 8000), random.Next(1, 800),
            random.Next(0, 500), 0, Math.Round(random.NextDouble() * 2000, 2), random.Next(50, 400), "ok", "stop", null, features[random.Next(features.Length)],
            $"user-{random.Next(500)}", $"s-{random.Next(5000)}", "import", $"h{random.Next(100_000)}", [random.NextInt64(), random.NextInt64()],
            1024, $"team-{random.Next(8)}")))];
    }
}
