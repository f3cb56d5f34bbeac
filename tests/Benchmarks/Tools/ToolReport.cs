using System.Globalization;
using System.Text;

namespace Netra.Benchmarks.Tools;

/// <summary>The <c>tools</c> section of docs/benchmarks.md.</summary>
public static class ToolReport
{
    /// <summary>
    /// What was found about a tool that missed the aim in the profiling runs (see the section's text for how): the
    /// bottleneck and what would fix it. Printed only for tools that missed it in the documented run.
    /// </summary>
    private static readonly Dictionary<string, string> s_notes = new(StringComparer.Ordinal)
    {
    };

    public static string Section(string when, string loadBefore, bool reused, IReadOnlyList<ToolBenchmark.Load> loads, IReadOnlyList<ToolBenchmark.Row> rows, string table)
    {
        var data = string.Join("; ", loads.Select(l => string.Create(CultureInfo.InvariantCulture,
            $"`{l.Dataset}` {l.Events:N0} events {(l.Reused ? "(reused from an earlier run's data directory)" : $"(generated and appended in {l.Seconds:F0} s)")}")));
        var tools = rows.Where(r => !r.Tool.StartsWith("baseline", StringComparison.Ordinal)).ToList();
        var misses = tools.Where(r => r.Error is not null || r.MaxMs >= ToolBenchmark.AimMs).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            ## Analysis tools over 1M and 10M events in ClickHouse

            Command: `dotnet run -c Release --project tests/Benchmarks -- tools{(reused ? " --reuse-data" : "")}`
            Run: {when}, commit {Report.Commit()}, {Report.Machine()}; {loadBefore} before the run, {Report.Load()} after.
            Data: the synthetic workload (`SyntheticWorkload`, seed {ToolBenchmark.Seed}, from 2026-01-05, five features, nine models,
            bursts, retries, repeated prompts, shared prefixes) for one user in a throwaway ClickHouse 18.16 on loopback:
            {data}. Each tool runs through a `ToolRunner` over a `ClickHouseWorkloadStore` (what `ToolGrain` calls), with the
            parameters an agent sends (the dataset, plus a what-if where the tool needs one; `policy_simulator` replays the
            policy `policy_proposer` returned; the two reporting tools get this run's earlier results). One warm-up call,
            then 5 timed calls one after another (1 when the warm-up took over 5 s); median and max of those. "ClickHouse
            ms/call" is the summed `query_duration_ms` in `system.query_log` of the queries that started during the timed calls,
            per call, and how many queries a call sent (queries running at once can sum to more than the wall time; a streamed
            read's time includes the client's reading). Baseline: `count(), sum(cost)` over the same dataset through the same
            store (`QueryAsync`, same HTTP client and visibility filter), the floor any tool pays; "ratio" is the tool's median
            over it. Aim: under 1 s each (max of the timed calls). {tools.Count - misses.Count} of {tools.Count} rows met it.

            {table}
            """);
        if (misses.Count > 0)
        {
            text.AppendLine("Misses, with the bottleneck and what would fix it:").AppendLine();
            foreach (var tool in misses.Select(m => m.Tool).Distinct())
            {
                var of = string.Join(", ", misses.Where(m => m.Tool == tool).Select(m => string.Create(CultureInfo.InvariantCulture,
                    $"{m.Dataset} {m.MedianMs:N0} ms, ClickHouse {m.ClickHouseMsPerCall:N0} ms in {m.QueriesPerCall:0.#} queries")));
                text.AppendLine(CultureInfo.InvariantCulture, $"- **{tool}** ({of}): {s_notes.GetValueOrDefault(tool, "no note recorded.")}");
            }
        }

        return text.ToString();
    }
}
