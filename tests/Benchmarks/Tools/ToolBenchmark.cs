using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Query;
using Netra.Runtime.Testing;

namespace Netra.Benchmarks.Tools;

/// <summary>
/// Every analysis tool over synthetic datasets in ClickHouse, through the path the app uses: a <see cref="ToolRunner"/>
/// over a <see cref="ClickHouseWorkloadStore"/>, parameters as JSON. Per tool: a warm-up call, then timed calls.
/// Baseline: the floor every tool pays, one <c>count(), sum(cost)</c> over the same dataset through the same store.
/// </summary>
public static class ToolBenchmark
{
    public const string User = "bench";
    public const int Seed = 20_261_120;
    public const double AimMs = 1_000;
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One tool (or the baseline) on one dataset.</summary>
    public sealed record Row(
        string Dataset, long Events, string Tool, int Calls, double MedianMs, double MaxMs, int ResultBytes, bool Insufficient,
        double ClickHouseMsPerCall, double QueriesPerCall, double BaselineMs, string? Error);

    /// <summary>How the data was loaded, for the report.</summary>
    public sealed record Load(string Dataset, long Events, bool Reused, double Seconds);

    public static async Task<(IReadOnlyList<Row> Rows, IReadOnlyList<Load> Loads)> RunAsync(int[] sizes, bool reuse, int calls, string[]? only)
    {
        await using var server = await StartClickHouseAsync(reuse);
        using var store = new ClickHouseWorkloadStore(
            Options.Create(new WorkloadOptions { MaxEventsPerUser = int.MaxValue, ClickHouse = new ClickHouseStoreOptions { Url = server.Url.ToString(), Database = "bench" } }),
            TimeProvider.System, NullLogger<ClickHouseWorkloadStore>.Instance);
        using var log = new QueryLog(server.Url);
        var runner = new ToolRunner(new ToolRegistry(ToolServiceCollectionExtensions.All), store, ModelCatalog.Default, TimeProvider.System, NullLogger<ToolRunner>.Instance);
        var rows = new List<Row>();
        var loads = new List<Load>();
        foreach (var size in sizes)
        {
            var dataset = Name(size);
            var load = await LoadAsync(store, dataset, size);
            loads.Add(load);
            Console.WriteLine($"{dataset}: {load.Events:N0} events, {(load.Reused ? "reused" : $"loaded in {load.Seconds:F0} s")}");
            var filter = new WorkloadFilter { Dataset = dataset };
            var baseline = await MeasureAsync(log, calls, async () =>
            {
                // A condition every event meets keeps the hourly rollup out of it: this is the scan of the events.
                var scan = filter.And(WorkloadField.Timestamp, Comparison.GreaterOrEqual, long.MinValue);
                var r = await store.QueryAsync(User, new WorkloadQuery(scan, [], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), CancellationToken.None);
                return (r.Single.Values.Count * 8, false);
            });
            rows.Add(Make(dataset, load.Events, "baseline: count(), sum(cost) over the events", baseline, baseline.MedianMs, null));
            Console.WriteLine(Line(rows[^1]));
            var results = new Dictionary<string, ToolResult>(StringComparer.Ordinal);
            var saveTo = Environment.GetEnvironmentVariable("NETRA_TOOLBENCH_RESULTS"); // a directory: each tool's last result, to compare runs
            foreach (var tool in ToolCases.Order.Where(t => only is null || only.Contains(t) || t is "policy_proposer"))
            {
                var json = ToolCases.Parameters(tool, dataset, results);
                try
                {
                    var measured = await MeasureAsync(log, calls, async () =>
                    {
                        var result = await runner.RunAsync(new ToolInvocation(User, tool, json), CancellationToken.None);
                        results[tool] = result;
                        return (Encoding.UTF8.GetByteCount(result.DataJson) + Encoding.UTF8.GetByteCount(result.Summary), result.InsufficientData);
                    });
                    rows.Add(Make(dataset, load.Events, tool, measured, baseline.MedianMs, null));
                    if (saveTo is not null)
                    {
                        await File.WriteAllTextAsync(Path.Combine(saveTo, $"{dataset}.{tool}.txt"), $"{results[tool].Summary}\n{results[tool].DataJson}\n");
                    }
                }
                catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or WorkloadStoreUnavailableException or KeyNotFoundException)
                {
                    rows.Add(new Row(dataset, load.Events, tool, 0, double.NaN, double.NaN, 0, false, double.NaN, double.NaN, baseline.MedianMs, exception.Message));
                }

                Console.WriteLine(Line(rows[^1]));
            }
        }

        return (rows, loads);
    }

    public static string Name(int size) => size % 1_000_000 == 0 ? $"synthetic_{size / 1_000_000}m" : $"synthetic_{size / 1_000}k";

    public static string Table(IEnumerable<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| dataset | tool | calls | median ms | max ms | result bytes | < 1 s | ClickHouse ms/call (queries) | ratio to baseline |");
        text.AppendLine("|---|---|---:|---:|---:|---:|:---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(r.Error is { } error
                ? $"| {r.Dataset} | {r.Tool} | 0 | failed: {error.ReplaceLineEndings(" ")[..Math.Min(120, error.Length)]} | | | ✗ | | |"
                : string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Dataset} | {r.Tool}{(r.Insufficient ? " (insufficient data)" : "")} | {r.Calls} | {r.MedianMs:N0} | {r.MaxMs:N0} | {r.ResultBytes:N0} | {(r.MaxMs < AimMs ? "✓" : "✗")} | {r.ClickHouseMsPerCall:N0} ({r.QueriesPerCall:0.#}) | {r.MedianMs / r.BaselineMs:N1} |"));
        }

        return text.ToString();
    }

    private static string Line(Row r) => r.Error is { } e
        ? $"  {r.Tool}: FAILED {e}"
        : string.Create(CultureInfo.InvariantCulture, $"  {r.Tool,-42} median {r.MedianMs,8:N0} ms  max {r.MaxMs,8:N0} ms  ClickHouse {r.ClickHouseMsPerCall,8:N0} ms/call in {r.QueriesPerCall:0.#} queries  {r.ResultBytes:N0} B");

    private static Row Make(string dataset, long events, string tool, Measured m, double baselineMs, string? error) =>
        new(dataset, events, tool, m.Calls, m.MedianMs, m.MaxMs, m.ResultBytes, m.Insufficient, m.ClickHouse.DurationMs / m.Calls, (double)m.ClickHouse.Queries / m.Calls, baselineMs, error);

    private sealed record Measured(int Calls, double MedianMs, double MaxMs, int ResultBytes, bool Insufficient, QueryLog.Totals ClickHouse);

    /// <summary>A warm-up call, then <paramref name="calls"/> timed ones (one when the warm-up took over 5 s) in a window of their own.</summary>
    private static async Task<Measured> MeasureAsync(QueryLog log, int calls, Func<Task<(int Bytes, bool Insufficient)>> call)
    {
        var warm = Stopwatch.StartNew();
        var (bytes, insufficient) = await call();
        calls = warm.Elapsed.TotalSeconds > 5 ? 1 : calls;
        var from = await QueryLog.NextSecondAsync();
        var times = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            (bytes, insufficient) = await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var to = await QueryLog.NextSecondAsync();
        times.Sort();
        return new Measured(calls, times[(times.Count - 1) / 2], times[^1], bytes, insufficient, await log.ReadAsync(from, to));
    }

    /// <summary>
    /// A throwaway ClickHouse 18.16 with <c>system.query_log</c> on and production-sized caches; with
    /// <paramref name="reuse"/> its directory (and the events loaded into it) is kept under /tmp, keyed by the seed, for
    /// the next run of this benchmark or of the workload-size one.
    /// </summary>
    internal static Task<ClickHouseServer> StartClickHouseAsync(bool reuse) => ClickHouseServer.StartNewAsync(new ClickHouseServerOptions
    {
        Directory = reuse ? Path.Combine(Path.GetTempPath(), $"netra-toolbench-ch-seed{Seed}") : null,
        LogQueries = true,
        CacheBytes = 5L * 1024 * 1024 * 1024,
        MaxMemoryUsage = 8_000_000_000,
        StartTimeout = TimeSpan.FromSeconds(120),
    });

    internal static async Task<Load> LoadAsync(ClickHouseWorkloadStore store, string dataset, int size)
    {
        var existing = (await store.ListDatasetsAsync(User, CancellationToken.None)).FirstOrDefault(d => d.Name == dataset);
        if (existing?.Events == size)
        {
            return new Load(dataset, size, true, 0);
        }

        if (existing is not null)
        {
            await store.DeleteDatasetAsync(User, dataset, CancellationToken.None);
        }

        // About 30 days of traffic; RequestsPerDay is new requests on a weekday, before retries and weekends.
        var settings = new SyntheticWorkloadSettings(s_start, Days: 40, RequestsPerDay: size / 30.0, Seed: Seed, Dataset: dataset, BackfillDay: 9);
        var clock = Stopwatch.StartNew();
        var batch = new List<WorkloadEvent>(100_000);
        long stored = 0;
        foreach (var e in SyntheticWorkload.Generate(settings, ModelCatalog.Default).Take(size))
        {
            batch.Add(e);
            if (batch.Count == 100_000)
            {
                stored += await store.AppendAsync(User, batch, CancellationToken.None);
                batch.Clear();
            }
        }

        stored += batch.Count > 0 ? await store.AppendAsync(User, batch, CancellationToken.None) : 0;
        return new Load(dataset, stored, false, clock.Elapsed.TotalSeconds);
    }
}
