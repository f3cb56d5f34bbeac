using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>function_performance_analyzer</c>: per feature (or another dimension): volume, error rate, latency p50/p95/p99
/// of successful requests (nearest rank) and cost per call, with the worst group on each flagged.
/// </summary>
public sealed class FunctionPerformanceAnalyzerTool : IAnalysisTool
{
    private static readonly string[] s_failed = ["error", "rate_limited", "timeout"];

    private static readonly Dictionary<string, WorkloadDimension> s_dimensions = new(StringComparer.Ordinal)
    {
        ["feature"] = WorkloadDimension.Feature,
        ["operation"] = WorkloadDimension.Operation,
        ["model"] = WorkloadDimension.Model,
        ["provider"] = WorkloadDimension.Provider,
        ["end_user"] = WorkloadDimension.EndUser,
        ["team"] = WorkloadDimension.Team,
    };

    /// <inheritdoc />
    public string Name => "function_performance_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Per feature or endpoint (or model, provider, end user, team): volume, error rate, latency p50/p95/p99 and cost per call, flagging the worst on each.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("group_by", ToolParameterType.String, "What to compare.") { Allowed = [.. s_dimensions.Keys], Default = "feature" },
        ToolParameters.Number("error_rate_threshold", "An error rate above this is worth an opportunity.", 0.05, 0, 1));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var groupBy = context.Arguments.String("group_by")!;
        GroupBy[] by = [s_dimensions[groupBy]];
        var threshold = context.Arguments.Number("error_rate_threshold")!.Value;
        var all = (await context.QueryAsync(by, [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken)).Rows;
        if (all.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var failed = (await context.QueryAsync(new WorkloadQuery(context.Filter with { Statuses = s_failed }, by, [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), cancellationToken))
            .Rows.ToDictionary(r => ToolQueries.Label(r.Keys[0]), r => (Count: (long)r.ValueOrZero(0), Cost: r.ValueOrZero(1)));
        var latency = (await context.QueryAsync(
                new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, by,
                    [Measure.CountValues(WorkloadField.LatencyMs), Measure.Quantile(WorkloadField.LatencyMs, 0.5), Measure.Quantile(WorkloadField.LatencyMs, 0.95), Measure.Quantile(WorkloadField.LatencyMs, 0.99)]),
                cancellationToken))
            .Rows.ToDictionary(r => ToolQueries.Label(r.Keys[0]));
        var rows = all.Select(r =>
        {
            var name = ToolQueries.Label(r.Keys[0]);
            var requests = (long)r.ValueOrZero(0);
            var (failures, failedCost) = failed.GetValueOrDefault(name);
            var l = latency.GetValueOrDefault(name);
            return new Row(name, requests, failures, ToolText.Round(ToolText.Share(failures, requests)), ToolText.Round(failedCost),
                (long)(l?.ValueOrZero(0) ?? 0), l?.Values[1], l?.Values[2], l?.Values[3], ToolText.Round(r.ValueOrZero(1)), ToolText.Round(r.ValueOrZero(1) / requests), []);
        }).OrderByDescending(r => r.Requests).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();

        var worstErrors = rows.Where(r => r.Failed > 0).OrderByDescending(r => r.ErrorRate).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();
        var slowest = rows.Where(r => r.LatencyP95 is not null).OrderByDescending(r => r.LatencyP95).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();
        var dearest = rows.Where(r => r.CostUsd > 0).OrderByDescending(r => r.CostPerCallUsd).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();
        worstErrors?.Flags.Add("highest_error_rate");
        slowest?.Flags.Add("slowest_p95");
        dearest?.Flags.Add("highest_cost_per_call");

        var requestsTotal = rows.Sum(r => r.Requests);
        var summary = $"{rows.Count} {groupBy.Replace('_', ' ')} groups made {ToolText.Count(requestsTotal)} requests {context.Scope}; the busiest is {rows[0].Name} "
            + $"({ToolText.Count(rows[0].Requests)}, {ToolText.Percent(rows[0].ErrorRate)} errors, {ToolText.Usd(rows[0].CostPerCallUsd)} per call). "
            + (worstErrors is null ? "No group had a failed request. " : $"{worstErrors.Name} fails most often ({ToolText.Percent(worstErrors.ErrorRate)} of {ToolText.Count(worstErrors.Requests)}). ")
            + (slowest is null ? "No successful request reports latency." : $"{slowest.Name} is slowest at p95 ({ToolText.Ms(slowest.LatencyP95!.Value)}; p50 {ToolText.Ms(slowest.LatencyP50!.Value)}, p99 {ToolText.Ms(slowest.LatencyP99!.Value)}).")
            + (dearest is null ? "" : $" {dearest.Name} costs the most per call ({ToolText.Usd(dearest.CostPerCallUsd)}).");
        return new ToolOutput(summary, new
        {
            definition = "Error rate: requests with status error, rate_limited or timeout over all requests. Latency percentiles: nearest rank over successful requests that report latency_ms. "
                + "Cost per call: all cost over all requests.",
            group_by = groupBy,
            groups = rows,
            highest_error_rate = worstErrors?.Name,
            slowest_p95 = slowest?.Name,
            highest_cost_per_call = dearest?.Name,
            opportunities = rows.Where(r => r.ErrorRate > threshold).OrderByDescending(r => r.FailedCostUsd).ThenBy(r => r.Name, StringComparer.Ordinal).Take(5).Select(r => new
            {
                title = $"Fix the failures of {r.Name}",
                detail = $"{ToolText.Count(r.Failed)} of {ToolText.Count(r.Requests)} requests of {r.Name} failed ({ToolText.Percent(r.ErrorRate)}, above {ToolText.Percent(threshold)}), "
                    + $"costing {ToolText.Usd(r.FailedCostUsd)}; look at their errors, timeouts and 429s.",
                saving_usd = r.FailedCostUsd,
                effort = "medium",
            }).ToList(),
        });
    }

    /// <summary>One group's performance.</summary>
    private sealed record Row(
        string Name,
        long Requests,
        long Failed,
        double ErrorRate,
        double FailedCostUsd,
        long RequestsWithLatency,
        double? LatencyP50,
        double? LatencyP95,
        double? LatencyP99,
        double CostUsd,
        double CostPerCallUsd,
        List<string> Flags);
}
