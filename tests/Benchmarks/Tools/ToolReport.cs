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
        ["cost_analyzer"] = "ClickHouse-bound: 4 scans (totals; model × provider × feature, summed in .NET into the three tables; end users; days), each a GROUP BY on String columns. Fix: a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷; the end-user table still needs its scan.",
        ["cost_driver_identifier"] = "ClickHouse-bound: 4 scans with String GROUP BYs; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["cost_reduction_quality_preservation"] = "ClickHouse-bound: one scan grouping by model and feature with `quantilesExact` (selection, no sort) of output tokens and latency; the String GROUP BY over every row is the floor here.",
        ["token_waste_analyzer"] = "ClickHouse-bound: 4 scans, two with `quantilesExact` per (model, feature). Fix: merge the scans that share a grouping (as latency_analyzer now does).",
        ["latency_analyzer"] = "ClickHouse-bound: 5 scans (totals, per model, per feature, and the SLO breaches per model × feature, summed in .NET), with `quantilesExact` of latency and TTFT per group. Fix: one scan per dimension is the floor without a rollup; exact percentiles cannot be rolled up, so a t-digest state per hour with its error stated is the next step.",
        ["function_performance_analyzer"] = "ClickHouse-bound: 3 scans with per-feature `quantilesExact`; merging them into one grouping is the next step.",
        ["error_rate_analyzer"] = "ClickHouse-bound: one scan grouping by model, provider and status (String keys); a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["latency_bottleneck_identifier"] = "A count, two streamed reads of the sampled windows (the regression sums, then the residuals) and a per-model count. Fix: the regression's sums of products in SQL (`sum(input_tokens * latency_ms)` … per model: exact, one narrow scan) and only the outlier pass over the sample.",
        ["performance_gains_simulator"] = "Two sampled replays (the fits over all models, the what-if over the filter), each a count plus a streamed read of the event columns; fix as for latency_bottleneck_identifier (regression sums in SQL).",
        ["throughput_analyzer"] = "A per-minute and a per-hour GROUP BY over every event plus the sampled inter-arrival replay; the minute buckets (about 43,000 rows) travel as JSON to find the peak in .NET. Fix: the peak in SQL (`max` over a per-minute subquery), which the query model cannot express yet; a coarse-then-refine search was tried and dropped (an hour's total bounds its busiest minute too loosely: 0.9 s became 8.1 s at 1M).",
        ["rate_limit_planner"] = "Mostly .NET: the per-(provider, model, minute) GROUP BY returns ~390,000 rows that are parsed from JSON and searched in .NET for each model's peak minute. Fix: a store query for the peak bucket per group (`argMax` over a per-minute subquery in ClickHouse, the same in the embedded store), returning 9 rows.",
        ["capacity_planner"] = "A total and a per-bucket token sum over every event; the buckets (tens of thousands of rows) are returned as JSON and searched for the peak in .NET. Fix: the peak bucket found in SQL, as for rate_limit_planner.",
        ["batching_opportunity_finder"] = "ClickHouse-bound: 3 scans by feature (a uniqExact of session ids, a median of latency, a per-hour count). Fix: the three merged into one scan.",
        ["kv_cache_finder"] = "A count and a streamed read of the sampled windows (7 long windows for cache state); the stream's columns dominate. Fix: read only the columns the replay needs (a narrower ReadAsync projection).",
        ["kv_cache_optimization_audit"] = "As kv_cache_finder, plus the observed-cache aggregation over the same windows.",
        ["cache_policy_optimizer"] = "As kv_cache_finder: the sampled stream; 8 cache policies replayed per event in .NET.",
        ["semantic_duplicate_finder"] = "ClickHouse-bound: a GROUP BY prompt_hash over mostly unique strings (`HAVING count() >= 2`, so only repeats travel) and a uniqExact of the same column: two hash tables of millions of strings. Fix: group by `cityHash64(prompt_hash)` (8-byte keys), or a per-(user, dataset, prompt_hash) AggregatingMergeTree rollup.",
        ["policy_proposer"] = "ClickHouse-bound: 5 scans since the thresholds became token-bin edges (one binned scan per feature × model × status serves every segment and level; before, about 45 scans). The binned GROUP BY over four keys, one of them computed, is most of it at 10M; the rollup above with the bin as a key would serve it.",
        ["optimal_policy_proposer"] = "ClickHouse-bound: 7 scans (binned as policy_proposer, was about 25) before the sampled frontier replay; the replay's stream is the rest.",
        ["policy_simulator"] = "A routing-model aggregation, a count, and the sampled replay; ClickHouse-bound.",
        ["workload_profiler"] = "ClickHouse-bound: 2 scans (totals with `quantilesExact` of four fields and two exact distinct counts; model × provider × feature × status × dataset, summed in .NET into five tables; was 6). The distinct counts of end users and sessions over every row are the floor; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷ for the tables.",
        ["time_of_day_analyzer"] = "ClickHouse-bound: 4 scans grouping by hour and weekday; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["prompt_length_analyzer"] = "ClickHouse-bound: 3 scans run at once (histogram and long-context share from one `InputTokensBin` grouping; was 14 conditional scans).",
        ["output_length_analyzer"] = "ClickHouse-bound: 3 scans (model × feature × finish reason summed in .NET; was 4) with `quantilesExact`.",
        ["budget_monitor"] = "ClickHouse-bound: 3 scans grouping by day and group; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["cost_forecaster"] = "ClickHouse-bound: one scan grouping by day; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["cost_impact_simulator"] = "ClickHouse-bound: one scan grouping by model; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["anomaly_detector"] = "ClickHouse-bound: 2 scans grouping by hour; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["user_segmentation_analyzer"] = "ClickHouse-bound: 2 scans grouping by end user (thousands of String keys).",
        ["model_mix_analyzer"] = "ClickHouse-bound: 2 scans grouping by model and feature; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["provider_fallback_planner"] = "ClickHouse-bound: 2 scans grouping by provider, model and status; a per-hour rollup (keyed by user, dataset, hour, model, provider, feature, team, status, carrying each insert block's seq range so the deletion markers still apply) would answer it from about 10⁵ rows instead of 10⁷.",
        ["evaluation_criteria_definer"] = "ClickHouse-bound: 3 scans with `quantilesExact`.",
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
