using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tools;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Demo;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Benchmarks.Tools;

/// <summary>
/// Every analysis tool over one user's demo dataset in the embedded store: what a chat run on the embedded default
/// pays per tool call. Calls run one after another on one thread, so wall time is CPU time. Baseline: one
/// <c>count, sum(cost)</c> query over the same dataset through the same store, the floor any tool pays.
/// </summary>
public static class EmbeddedToolBenchmark
{
    private const string User = "bench";

    /// <summary>One tool (or the baseline): its mean and best time per call.</summary>
    public sealed record Row(string Tool, int Calls, double MeanMs, double BestMs, double BaselineMs, string? Error);

    public static async Task<(IReadOnlyList<Row> Rows, int Events)> RunAsync(int calls, string[]? only = null)
    {
        var store = new EmbeddedWorkloadStore(Options.Create(new WorkloadOptions()));
        var events = DemoWorkloadGenerator.Generate(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), ModelCatalog.Default);
        await store.AppendAsync(User, events, CancellationToken.None);
        var runner = new ToolRunner(new ToolRegistry(ToolServiceCollectionExtensions.All), store, ModelCatalog.Default, TimeProvider.System, NullLogger<ToolRunner>.Instance);
        var filter = new WorkloadFilter { Dataset = WorkloadDatasets.Demo };
        var baseline = await MeasureAsync(calls * 10, () => store.QueryAsync(User, new WorkloadQuery(filter, [], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), CancellationToken.None));
        var rows = new List<Row> { new("baseline: count, sum(cost)", calls * 10, baseline.Mean, baseline.Best, baseline.Mean, null) };
        var results = new Dictionary<string, ToolResult>(StringComparer.Ordinal);
        foreach (var tool in ToolCases.Order.Where(t => only is null || only.Contains(t) || t is "policy_proposer"))
        {
            var json = ToolCases.Parameters(tool, WorkloadDatasets.Demo, results);
            try
            {
                var (mean, best) = await MeasureAsync(calls, async () => results[tool] = await runner.RunAsync(new ToolInvocation(User, tool, json), CancellationToken.None));
                rows.Add(new Row(tool, calls, mean, best, baseline.Mean, null));
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or KeyNotFoundException)
            {
                rows.Add(new Row(tool, 0, double.NaN, double.NaN, baseline.Mean, exception.Message));
            }
        }

        return (rows, events.Count);
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| tool | calls | mean ms | best ms | ratio to baseline |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(r.Error is { } error
                ? $"| {r.Tool} | 0 | failed: {error.ReplaceLineEndings(" ")[..Math.Min(120, error.Length)]} | | |"
                : string.Create(CultureInfo.InvariantCulture, $"| {r.Tool} | {r.Calls} | {r.MeanMs:N2} | {r.BestMs:N2} | {r.MeanMs / r.BaselineMs:N1} |"));
        }

        var tools = rows.Skip(1).Where(r => r.Error is null).ToList();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **all {tools.Count} tools, one call each** | | **{tools.Sum(r => r.MeanMs):N1}** | {tools.Sum(r => r.BestMs):N1} | |"));
        return text.ToString();
    }

    /// <summary>The section of docs/benchmarks.md.</summary>
    public static string Section(string when, string loadBefore, string loadAfter, int events, string table) => $"""
        ## Analysis tools over the demo data in the embedded store

        Command: `dotnet run -c Release --project tests/Benchmarks -- tools-embedded`
        Run: {when}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {loadAfter} after.
        What a chat run on the embedded default pays per tool call: every tool through a `ToolRunner` over an
        `EmbeddedWorkloadStore` holding one user's demo dataset ({events:N0} events: `DemoWorkloadGenerator`, 14 days from
        2026-01-05), with the parameters an agent sends (`ToolCases`). Calls run one after another on one thread, so wall
        time is CPU time: a warm-up call, then the timed calls; "mean" over all of them, "best" the fastest. Baseline: one
        `count, sum(cost)` query over the same dataset through the same store. No aim of its own: it explains the chat
        figures below (a run calls the workload profiler plus three to five of these).

        {table}
        """;

    /// <summary>The summary's rows.</summary>
    public static IReadOnlyList<Figure> Headlines(IReadOnlyList<Row> rows)
    {
        var tools = rows.Skip(1).Where(r => r.Error is null).ToList();
        var baseline = rows[0].MeanMs;
        return
        [
            new Figure(
                $"all {tools.Count} tools over the demo data, embedded store, one call each",
                string.Create(CultureInfo.InvariantCulture, $"{tools.Sum(r => r.MeanMs):N1} ms (slowest {tools.MaxBy(r => r.MeanMs)!.Tool} {tools.Max(r => r.MeanMs):N1} ms)"),
                string.Create(CultureInfo.InvariantCulture, $"count/sum {baseline:N2} ms"),
                null,
                "—",
                null),
        ];
    }

    /// <summary>A warm-up call, then <paramref name="calls"/> timed ones.</summary>
    private static async Task<(double Mean, double Best)> MeasureAsync<T>(int calls, Func<Task<T>> call)
    {
        await call();
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return (total.Elapsed.TotalMilliseconds / calls, best);
    }
}
