using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Benchmarks.Chat;
using Netra.Benchmarks.Tools;
using Netra.Benchmarks.WebSockets;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Query;

namespace Netra.Benchmarks.WorkloadSize;

/// <summary>End-to-end chat latency for one user against the size of the dataset it asks about.</summary>
/// <param name="Dataset">The dataset the question names.</param>
/// <param name="Events">Its events.</param>
/// <param name="Runs">Completed runs (one user, one after another).</param>
/// <param name="Failed">Runs that ended in <c>agent_error</c>.</param>
/// <param name="P50Ms">Median message → <c>agent_completed</c>.</param>
/// <param name="MaxMs">The slowest run.</param>
/// <param name="FloorMs">Baseline: one <c>count(), sum(cost)</c> scan of the same dataset through the same store.</param>
public sealed record WorkloadSizeRow(string Dataset, long Events, int Runs, int Failed, double P50Ms, double MaxMs, double FloorMs);

/// <summary>
/// The real gateway (in this process, on Kestrel) on a ClickHouse store holding synthetic datasets of each size for one
/// user; the user asks, over a real WebSocket, a question that runs the whole pipeline on one dataset, then the next.
/// The datasets are the tools benchmark's (same seed, same directory with <c>--reuse-data</c>).
/// </summary>
public static class WorkloadSizeBenchmark
{
    public static async Task<IReadOnlyList<WorkloadSizeRow>> RunAsync(int[] sizes, int rounds, bool reuse)
    {
        await using var server = await ToolBenchmark.StartClickHouseAsync(reuse);
        using var store = new ClickHouseWorkloadStore(
            Options.Create(new WorkloadOptions { MaxEventsPerUser = int.MaxValue, ClickHouse = new ClickHouseStoreOptions { Url = server.Url.ToString(), Database = "bench" } }),
            TimeProvider.System, NullLogger<ClickHouseWorkloadStore>.Instance);
        foreach (var size in sizes)
        {
            var load = await ToolBenchmark.LoadAsync(store, ToolBenchmark.Name(size), size);
            Console.WriteLine($"{load.Dataset}: {load.Events:N0} events, {(load.Reused ? "reused" : $"loaded in {load.Seconds:F0} s")}");
        }

        using var gateway = new GatewayServer(GatewayServer.Settings(new Dictionary<string, string?>
        {
            ["Netra:Workloads:Store"] = "clickhouse",
            ["Netra:Workloads:ClickHouse:Url"] = server.Url.ToString(),
            ["Netra:Workloads:ClickHouse:Database"] = "bench",
            ["Netra:Workloads:MaxEventsPerUser"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
        }));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        await using var user = await SocketChatUser.ConnectAsync(http, ToolBenchmark.User);
        var rows = new List<WorkloadSizeRow>();
        foreach (var size in sizes)
        {
            var dataset = ToolBenchmark.Name(size);
            var question = $"Where does my money go in dataset {dataset}, and how can I cut cost 20%?";
            await user.AskAsync(question, CancellationToken.None); // warm-up, unmeasured
            var times = new List<double>();
            var failed = 0;
            for (var i = 0; i < rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                failed += await user.AskAsync(question, CancellationToken.None) ? 0 : 1;
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            var floor = Stopwatch.StartNew();
            await store.QueryAsync(ToolBenchmark.User, new WorkloadQuery(new WorkloadFilter { Dataset = dataset }, [], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), CancellationToken.None);
            times.Sort();
            rows.Add(new WorkloadSizeRow(dataset, size, rounds, failed, times[(times.Count - 1) / 2], times[^1], floor.Elapsed.TotalMilliseconds));
            Console.WriteLine(Line(rows[^1]));
        }

        return rows;
    }

    public static string Table(IEnumerable<WorkloadSizeRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| dataset | events | runs (failed) | p50 ms | max ms | baseline: count/sum scan ms | p50 ÷ scan |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(Line(row));
        }

        return text.ToString();
    }

    public static IReadOnlyList<Figure> Headlines(IEnumerable<WorkloadSizeRow> rows) =>
        [.. rows.Select(r => new Figure(
            $"chat p50 message → agent_completed, 1 user, {r.Events:N0} events in ClickHouse",
            string.Create(CultureInfo.InvariantCulture, $"{r.P50Ms:N0} ms"), string.Create(CultureInfo.InvariantCulture, $"{r.FloorMs:N0} ms (count/sum scan)"),
            null, "—", null))];

    private static string Line(WorkloadSizeRow r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Dataset} | {r.Events:N0} | {r.Runs} ({r.Failed}) | {r.P50Ms:N0} | {r.MaxMs:N0} | {r.FloorMs:N0} | {r.P50Ms / r.FloorMs:F0} |");
}
