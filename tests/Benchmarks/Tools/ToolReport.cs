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
        ["cost_analyzer"] = "ClickHouse-bound: 6 full scans of the dataset, each a GROUP BY on String columns (model, feature, team, day). Fix: one scan computing all groupings (`GROUPING SETS` is not in 18.16, so a per-hour SummingMergeTree rollup by model, feature, team, status that carries the seq range so deletion markers still apply), or LowCardinality(String) columns once the server is newer than 18.16.",
        ["cost_driver_identifier"] = "ClickHouse-bound: 4–5 full scans with String GROUP BYs (see cost_analyzer); the same rollup would serve it.",
        ["cost_reduction_quality_preservation"] = "ClickHouse-bound: one scan grouping by model and feature with nearest-rank quantiles (`arraySort(groupArray(…))` per group). Fix: quantileExact's O(n) selection at a rank corrected in a second pass once the group counts are known.",
        ["token_waste_analyzer"] = "ClickHouse-bound: 4 scans, two with nearest-rank quantiles of output tokens per (model, feature): a full sort of every group's values. Fix as for cost_reduction_quality_preservation.",
        ["latency_analyzer"] = "ClickHouse-bound: 9 scans (overall, per model, per feature, several shapes), each sorting every latency for exact nearest-rank p50/p95/p99 (`arraySort(groupArray(latency_ms))`). Fix: fewer scans (one grouping per dimension with all levels, sharing the sort) and quantileExact's selection at a corrected rank; or a t-digest with its error stated.",
        ["function_performance_analyzer"] = "ClickHouse-bound: 3 scans with per-feature quantile sorts (see latency_analyzer).",
        ["error_rate_analyzer"] = "ClickHouse-bound: one scan grouping by model, provider and status (String keys); a full scan with a String GROUP BY is the floor here (the baseline scan reads two numeric columns).",
        ["latency_bottleneck_identifier"] = "A count, two streamed reads of the sampled windows (the regression sums, then the residuals) and a per-model count. The windows are granule-aligned only roughly (8,192 rows per granule), so ClickHouse still reads and sorts a large share of the table's 25 columns. Fix: the regression's sums of products in SQL (`sum(input_tokens * latency_ms)` … per model: exact, one narrow scan) and only the outlier pass over the sample.",
        ["performance_gains_simulator"] = "Two sampled replays (the fits over all models, the what-if over the filter), each a count plus a streamed read of 25 columns; fix as for latency_bottleneck_identifier (regression sums in SQL).",
        ["throughput_analyzer"] = "A per-minute and a per-hour GROUP BY over every event plus the sampled inter-arrival replay; the minute buckets (about 43,000 rows) are parsed from JSON in .NET. Fix: the peak bucket in SQL (`max` over a minute subquery) instead of returning every bucket.",
        ["rate_limit_planner"] = "Mostly .NET: the per-(provider, model, minute) GROUP BY returns ~390,000 rows that are parsed from JSON and sorted in .NET to find each model's peak minute. Fix: a store query for the peak bucket per group (`argMax` over a per-minute subquery in ClickHouse, the same in the embedded store), returning 9 rows.",
        ["capacity_planner"] = "A total and a per-bucket token sum over every event; the buckets (tens of thousands of rows) are returned as JSON and searched for the peak in .NET. Fix: the peak bucket found in SQL (`max` over a bucket subquery), returning one row.",
        ["batching_opportunity_finder"] = "ClickHouse-bound: 3 scans by feature: a uniqExact of session ids, an exact median of latency (a full sort per feature) and a per-hour count. Fix: the median by selection at a corrected rank (see latency_analyzer) and the three merged into one scan.",
        ["kv_cache_finder"] = "A count and a streamed read of the sampled windows (7 long windows for cache state); the stream's 25 columns dominate. Fix: read only the columns the replay needs (a narrower ReadAsync projection).",
        ["kv_cache_optimization_audit"] = "As kv_cache_finder, plus the observed-cache aggregation over the same windows.",
        ["cache_policy_optimizer"] = "As kv_cache_finder: the sampled stream; 8 cache policies replayed per event in .NET.",
        ["semantic_duplicate_finder"] = "ClickHouse-bound: a GROUP BY prompt_hash over mostly unique strings (now `HAVING count() >= 2`, so only repeats travel) and a uniqExact of the same column: two hash tables of millions of strings. Fix: group by `cityHash64(prompt_hash)` (8-byte keys), or a per-(user, dataset, prompt_hash) AggregatingMergeTree rollup.",
        ["policy_proposer"] = "ClickHouse-bound: about 45 sequential scans, one per (segment, threshold level). Fix: one scan per level with per-segment thresholds in SQL (`sumIf(cost_usd, input_tokens < transform((feature, model), …))`), or all levels in one scan.",
        ["optimal_policy_proposer"] = "ClickHouse-bound: about 25 sequential scans (per feature and threshold level) before the sampled frontier replay; fix as for policy_proposer.",
        ["policy_simulator"] = "A routing-model aggregation, a count, and the sampled replay; ClickHouse-bound.",
        ["workload_profiler"] = "ClickHouse-bound: 6 scans with String GROUP BYs; the rollup of cost_analyzer would serve it.",
        ["time_of_day_analyzer"] = "ClickHouse-bound: 4 scans grouping by hour and weekday; the rollup would serve it.",
        ["prompt_length_analyzer"] = "ClickHouse-bound: 14 scans (histogram bins as separate conditional queries). Fix: one scan grouping by a bin expression.",
        ["output_length_analyzer"] = "ClickHouse-bound: 4 scans with quantile sorts; fix as for latency_analyzer.",
        ["budget_monitor"] = "ClickHouse-bound: 3 scans grouping by day and group.",
        ["cost_forecaster"] = "ClickHouse-bound: one scan grouping by day.",
        ["cost_impact_simulator"] = "ClickHouse-bound: one scan grouping by model.",
        ["anomaly_detector"] = "ClickHouse-bound: 2 scans grouping by hour.",
        ["user_segmentation_analyzer"] = "ClickHouse-bound: 2 scans grouping by end user.",
        ["model_mix_analyzer"] = "ClickHouse-bound: 2 scans grouping by model and feature.",
        ["provider_fallback_planner"] = "ClickHouse-bound: 2 scans grouping by provider, model and status.",
        ["evaluation_criteria_definer"] = "ClickHouse-bound: 3 scans with quantiles.",
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
            fractional or short query count marks a lower bound). Baseline: `count(), sum(cost)` over the same dataset through the same
            store (`QueryAsync`, same HTTP client and visibility filter), the floor any tool pays; "ratio" is the tool's median
            over it. Aim: under 1 s each (max of the timed calls). {tools.Count - misses.Count} of {tools.Count} rows met it.

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
