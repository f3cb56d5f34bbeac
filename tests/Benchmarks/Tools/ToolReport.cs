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
        ["cost_analyzer"] = "The totals, the model × provider × feature table and the days come from the hourly rollup; the end-user table reads the events (end users are not a rollup key: thousands of values). Fix: a per-end-user rollup, or a top-N query.",
        ["cost_driver_identifier"] = "The two periods are split at the data's midpoint, not a whole hour, so their model × feature scans read the events. Fix: split at the nearest hour, which the rollup serves.",
        ["cost_reduction_quality_preservation"] = "One scan of the events: percentiles of output tokens (`quantilesExactWeighted`) and latency (`quantilesExact`) per model × feature. Percentiles need the values; fix: a per-value histogram of the integer fields (tokens), or approximate percentiles stated as such.",
        ["token_waste_analyzer"] = "Three of four queries come from the hourly rollup, run beside the fourth, which reads the events: output-token percentiles per model × feature where max_tokens is set.",
        ["latency_analyzer"] = "Five scans of the events: latency and TTFT percentiles (total, per model, per feature) and the SLO breaches (a condition on latency). Exact percentiles need the values: 0.4–0.8 s per scan of 10⁷ latencies here even with dictionary-encoded keys (by hand), so under 1 s needs fewer scans than percentile tables, or approximate percentiles stated as such.",
        ["function_performance_analyzer"] = "Two queries from the rollup; the per-feature latency percentiles read the events.",
        ["error_rate_analyzer"] = "All from the hourly rollup.",
        ["latency_bottleneck_identifier"] = "The replay's plan (successful requests with a latency value, and their time span) and the models not fitted come from the hourly rollup; two streamed reads of the sampled windows (the regression sums, then the residuals) read the events.",
        ["performance_gains_simulator"] = "Two sampled replays (the fits over all models, the what-if over the filter), each planned from the hourly rollup and a streamed read of the sampled windows.",
        ["throughput_analyzer"] = "The per-hour table comes from the rollup; the per-minute buckets read the events (grouped by the minute's number), and the inter-arrival replay streams the sampled windows.",
        ["rate_limit_planner"] = "One nested statement per call since 77efc38 (`WorkloadPeakQuery`): the per-minute GROUP BY of the events stays in ClickHouse and 9 rows travel.",
        ["capacity_planner"] = "The total from the rollup; the per-minute token sums read the events, grouped by the minute's number.",
        ["batching_opportunity_finder"] = "Two scans of the events, one after the other: the exact distinct sessions per feature (beside the rollup queries for the totals and the per-hour counts), then the latency median per feature over successful requests. Running the two scans at once measured slower.",
        ["kv_cache_finder"] = "A count with a prefix condition and a streamed read of the sampled windows (7 long windows for cache state); the stream's columns dominate. Fix: read only the columns the replay needs.",
        ["kv_cache_optimization_audit"] = "As kv_cache_finder, plus the observed-cache aggregation (a prefix condition) over the events.",
        ["cache_policy_optimizer"] = "A rollup total and the sampled stream; 8 cache policies replayed per event in .NET.",
        ["semantic_duplicate_finder"] = "ClickHouse-bound: the synthetic 10M set has 8.1M distinct prompt hashes, and any exact GROUP BY of them is a hash table of 8M entries (by hand, `GROUP BY cityHash64(prompt_hash)` alone takes 2.4 s on this machine), so an exact answer cannot be under 1 s here. Since b1fc8f0 the repeats' GROUP BY is kept to the rows whose hash digest repeats (exact) and the hashed requests are a `count(prompt_hash)` instead of an exact distinct count: 7.9 → 5.4 s. What is left is that one GROUP BY of 10⁷ strings filtered by a GROUP BY of 10⁷ numbers.",
        ["policy_proposer"] = "No scan of the events since schema version 4: the feature × model × status × `InputTokensBin` table comes from the rollup by bin (`workload_bins_v4`; the same GROUP BY over the events took 0.7–0.9 s at 10M), and its bins give each segment's input-token quantile thresholds exactly (the bin holding the quantile's rank) and the requests under them. The segments, the total and the routing model's per-model speed come from the rollup (a model some of whose successful requests lack a latency is summed from the events under the condition).",
        ["optimal_policy_proposer"] = "As policy_proposer (bins and segments from the rollups, since schema version 4), then the sampled frontier replay after it (about 0.45–0.5 s of reading at 10M), which reads no prompt or prefix hashes. Reading the sample beside the bins was tried and measured slower (1.6–1.9 s against 1.5 s).",
        ["policy_simulator"] = "A routing-model aggregation, a count, and the sampled replay.",
        ["workload_profiler"] = "The counts, sums, extremes and the breakdown come from the rollup; the output-token percentiles from a count per output length (0.1 s); one scan of the events holds the exact distinct counts of end users and sessions and the input, latency and TTFT percentiles (by hand 1.5–1.65 s alone). Under 1 s needs fewer exact percentiles.",
        ["time_of_day_analyzer"] = "All from the hourly rollup.",
        ["prompt_length_analyzer"] = "Two scans of the events, input-token percentiles in total and per model; the `InputTokensBin` histogram comes from the rollup by bin since schema version 4.",
        ["output_length_analyzer"] = "One scan of the events: a count per (model, feature, output length), 14,125 rows, from which the percentiles of every segment and of all follow exactly; the counts, means, maxima and finish reasons come from the rollup.",
        ["budget_monitor"] = "All from the hourly rollup.",
        ["cost_forecaster"] = "All from the hourly rollup.",
        ["cost_impact_simulator"] = "All from the hourly rollup.",
        ["anomaly_detector"] = "The hourly counts come from the rollup; the hourly latency percentiles read the events.",
        ["user_segmentation_analyzer"] = "The per-end-user grouping reads the events (thousands of String keys); the totals come from the rollup.",
        ["model_mix_analyzer"] = "The per-model table comes from the rollup; the short-premium-request query (conditions on input and output tokens) reads the events.",
        ["provider_fallback_planner"] = "The status counts come from the rollup; the p95 latency per model × provider reads the events.",
        ["evaluation_criteria_definer"] = "Two queries from the rollup; the latency percentiles read the events.",
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
            read's time includes the client's reading; on a saturated machine a query's log row can lag its answer, so a
            fractional or short query count marks a lower bound). Baseline: `count(), sum(cost)` over the same dataset's events through the same
            store (`QueryAsync`, same HTTP client and visibility filter, with a condition every event meets so that it scans the
            events rather than the hourly rollup), the floor of any tool that reads events; "ratio" is the tool's median over
            it. Tools whose every query the hourly rollup (`workload_hourly_v3`) serves can come in under it. Aim: under 1 s each (max of the timed calls). {tools.Count - misses.Count} of {tools.Count} rows met it.

            {table}
            """);
        if (misses.Count > 0)
        {
            text.AppendLine("Misses, with the bottleneck and what would fix it. Where a 10M row's ClickHouse figure is far below its wall time, the lag of log rows noted above or a CPU-starved .NET process is the likelier cause; the 1M rows show the split better.").AppendLine();
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
