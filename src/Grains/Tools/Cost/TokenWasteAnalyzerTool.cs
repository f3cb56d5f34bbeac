using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>token_waste_analyzer</c>: the cost of failed requests (whose retries pay again), of responses cut off at the
/// length limit, and the output tokens reserved by max_tokens far above what segments use.
/// </summary>
public sealed class TokenWasteAnalyzerTool : IAnalysisTool
{
    private static readonly string[] s_failed = ["error", "rate_limited", "timeout"];

    /// <inheritdoc />
    public string Name => "token_waste_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "The cost of failed and retried requests, of outputs truncated at the length limit (finish_reason length), and, per (model, feature), "
        + "max_tokens set far above the p99 of actual output, with a right-sized value.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("oversize_factor", "A segment's max_tokens is oversized when its mean is at least this many times its p99 output.", 4, 1, 1000));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var totals = (await context.QueryAsync([], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken)).Single;
        var requests = totals.ValueOrZero(0);
        if (requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var total = totals.ValueOrZero(1);
        Measure[] waste = [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Sum(WorkloadField.InputTokens), Measure.Sum(WorkloadField.OutputTokens)];
        var failedQuery = context.QueryAsync(new WorkloadQuery(context.Filter with { Statuses = s_failed }, [WorkloadDimension.Status], waste), cancellationToken);
        var truncatedQuery = context.QueryAsync(new WorkloadQuery(context.Filter with { FinishReasons = ["length"] }, [WorkloadDimension.Model, WorkloadDimension.Feature], waste), cancellationToken);
        var oversizedScan = OversizedAsync(context, cancellationToken); // the one scan of the events, under way beside the rest
        await Task.WhenAll(failedQuery, truncatedQuery, oversizedScan);
        var failed = (await failedQuery).Rows
            .Select(r => new WasteRow(r.Keys[0]!, (long)r.ValueOrZero(0), ToolText.Round(r.ValueOrZero(1)), (long)r.ValueOrZero(2), (long)r.ValueOrZero(3)))
            .ToList();
        var truncated = (await truncatedQuery).Rows
            .Select(r => new WasteRow($"{ToolQueries.Label(r.Keys[0])} / {ToolQueries.Label(r.Keys[1])}", (long)r.ValueOrZero(0), ToolText.Round(r.ValueOrZero(1)), (long)r.ValueOrZero(2), (long)r.ValueOrZero(3)))
            .OrderByDescending(r => r.CostUsd).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        var oversized = await oversizedScan;

        var failedCost = failed.Sum(f => f.CostUsd);
        var truncatedCost = truncated.Sum(t => t.CostUsd);
        var factor = context.Arguments.Number("oversize_factor")!.Value;
        var flagged = oversized.Where(o => o.MeanMaxTokens >= factor * o.P99Output).ToList();
        var reserved = oversized.Sum(o => o.ReservedTokens);
        var unused = oversized.Sum(o => o.UnusedTokens);
        var summary = $"Of {ToolText.Usd(total)} spent {context.Scope}, {ToolText.Usd(failedCost)} ({ToolText.Percent(ToolText.Share(failedCost, total))}) went to "
            + $"{ToolText.Count(failed.Sum(f => f.Requests))} failed requests, and {ToolText.Usd(truncatedCost)} ({ToolText.Percent(ToolText.Share(truncatedCost, total))}) to "
            + $"{ToolText.Count(truncated.Sum(t => t.Requests))} responses cut off at max_tokens"
            + (truncated.Count > 0 ? $", most in {truncated[0].Name}. " : ". ")
            + (oversized.Count == 0
                ? "No request reports max_tokens, so reserved output cannot be judged."
                : $"{ToolText.Percent(ToolText.Share(unused, reserved))} of the output tokens reserved by max_tokens went unused; "
                    + (flagged.Count == 0
                        ? $"no segment sets max_tokens at {factor}× its p99 output or more."
                        : $"{flagged.Count} segment{(flagged.Count == 1 ? "" : "s")} set it at {factor}× the p99 output or more, such as {flagged[0].Name} "
                            + $"({ToolText.Count(flagged[0].MeanMaxTokens)} against a p99 of {ToolText.Count(flagged[0].P99Output)}; {ToolText.Count(flagged[0].RecommendedMaxTokens)} would do)."));
        return new ToolOutput(summary, new
        {
            definition = "Failed: status error, rate_limited or timeout. Truncated: finish_reason length. Oversized: mean max_tokens ≥ oversize_factor × nearest-rank p99 of output tokens of successful requests; recommended max_tokens is that p99 rounded up to a multiple of 64.",
            total_cost_usd = ToolText.Round(total),
            requests = (long)requests,
            failed,
            failed_cost_usd = ToolText.Round(failedCost),
            truncated,
            truncated_cost_usd = ToolText.Round(truncatedCost),
            max_tokens = oversized,
            reserved_output_tokens = reserved,
            unused_reserved_share = ToolText.Round(ToolText.Share(unused, reserved)),
            oversized_segments = flagged.Select(f => f.Name).ToList(),
            waste_cost_usd = ToolText.Round(failedCost + truncatedCost),
            opportunities = new[]
            {
                failedCost > 0 ? new
                {
                    title = "Stop paying for failed requests",
                    detail = $"Requests that ended in error, rate limiting or timeout cost {ToolText.Usd(failedCost)}: back off on 429s, "
                        + "retry only idempotent failures, and fix the errors behind the rest. The saving is at most that spend.",
                    saving_usd = ToolText.Round(failedCost),
                    effort = "medium",
                } : null,
                truncatedCost > 0 ? new
                {
                    title = "Stop truncating outputs at the length limit",
                    detail = $"Responses cut off at max_tokens cost {ToolText.Usd(truncatedCost)} and are often retried or unusable: "
                        + "raise max_tokens where they are cut, or ask for shorter answers.",
                    saving_usd = ToolText.Round(truncatedCost),
                    effort = "low",
                } : null,
            }.Where(o => o is not null).ToList(),
        });
    }

    private static async Task<List<MaxTokensRow>> OversizedAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var filter = (context.Filter with { Statuses = ["ok"] }).And(WorkloadField.MaxTokens, Comparison.GreaterOrEqual, 0);
        var rows = await context.QueryAsync(
            new WorkloadQuery(filter, [WorkloadDimension.Model, WorkloadDimension.Feature],
            [
                Measure.Count(), Measure.Avg(WorkloadField.MaxTokens), Measure.Max(WorkloadField.MaxTokens), Measure.Quantile(WorkloadField.OutputTokens, 0.99),
                Measure.Sum(WorkloadField.MaxTokens), Measure.Sum(WorkloadField.UnusedMaxTokens),
            ]),
            cancellationToken);
        return
        [
            .. rows.Rows.Select(r =>
            {
                var p99 = r.ValueOrZero(3);
                return new MaxTokensRow(
                    $"{ToolQueries.Label(r.Keys[0])} / {ToolQueries.Label(r.Keys[1])}", (long)r.ValueOrZero(0), ToolText.Round(r.ValueOrZero(1), 1),
                    (long)r.ValueOrZero(2), p99, (long)Math.Max(64, Math.Ceiling(p99 / 64) * 64), (long)r.ValueOrZero(4), (long)r.ValueOrZero(5));
            }).OrderByDescending(r => r.UnusedTokens).ThenBy(r => r.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>Wasted requests of one status or segment.</summary>
    private sealed record WasteRow(string Name, long Requests, double CostUsd, long InputTokens, long OutputTokens);

    /// <summary>max_tokens against actual output in one (model, feature) segment.</summary>
    private sealed record MaxTokensRow(
        string Name, long Requests, double MeanMaxTokens, long MaxMaxTokens, double P99Output, long RecommendedMaxTokens, long ReservedTokens, long UnusedTokens);
}
