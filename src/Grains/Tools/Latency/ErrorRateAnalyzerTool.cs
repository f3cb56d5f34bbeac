using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>error_rate_analyzer</c>: errors, timeouts and 429s by model and provider, and the load retries add: if every
/// failed request is retried, the retries add failed ÷ successful requests on top of the successful traffic.
/// </summary>
public sealed class ErrorRateAnalyzerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "error_rate_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Errors, timeouts and rate limits (429) by model and provider, failure rates, and the extra load and input tokens that retrying failed requests adds.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload();

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var rows = (await context.QueryAsync(
            [WorkloadDimension.Model, WorkloadDimension.Provider, WorkloadDimension.Status],
            [Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Sum(WorkloadField.CostUsd)],
            cancellationToken)).Rows;
        if (rows.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var byModel = Breakdown(rows.GroupBy(r => $"{ToolQueries.Label(r.Keys[0])} / {ToolQueries.Label(r.Keys[1])}"));
        var byProvider = Breakdown(rows.GroupBy(r => ToolQueries.Label(r.Keys[1])));
        var all = Breakdown(rows.GroupBy(_ => "all"))[0];
        var failedRows = rows.Where(r => r.Keys[2] != "ok").ToList();
        var failedInput = failedRows.Sum(r => r.ValueOrZero(1));
        var failedCost = failedRows.Sum(r => r.ValueOrZero(2));
        var retryLoad = ToolText.Share(all.Failed, all.Ok);
        var worst = byModel.OrderByDescending(m => m.FailureRate).ThenByDescending(m => m.Requests).ThenBy(m => m.Name, StringComparer.Ordinal).First();
        var summary = $"{ToolText.Count(all.Failed)} of {ToolText.Count(all.Requests)} requests {context.Scope} failed ({ToolText.Percent(all.FailureRate)}): "
            + $"{ToolText.Count(all.Errors)} errors, {ToolText.Count(all.RateLimited)} rate-limited (429) and {ToolText.Count(all.Timeouts)} timeouts. "
            + (all.Failed == 0
                ? "Nothing needed a retry."
                : $"The highest failure rate is {worst.Name} at {ToolText.Percent(worst.FailureRate)} of its {ToolText.Count(worst.Requests)} requests. "
                    + $"Retrying every failed request adds {ToolText.Percent(retryLoad)} to the load of successful traffic, "
                    + $"resending {ToolText.Count(failedInput)} input tokens; the failed attempts themselves cost {ToolText.Usd(failedCost)}.");
        return new ToolOutput(summary, new
        {
            definition = "failure_rate = non-ok requests / all requests; retry_load = failed / successful requests, the extra load if every failure is retried once.",
            overall = all,
            by_model = byModel,
            by_provider = byProvider,
            retry_load = ToolText.Round(retryLoad),
            failed_input_tokens = (long)failedInput,
            failed_cost_usd = ToolText.Round(failedCost),
        });
    }

    private static List<ErrorRow> Breakdown(IEnumerable<IGrouping<string, WorkloadQueryRow>> groups) =>
    [
        .. groups.Select(g =>
        {
            long Count(string status) => (long)g.Where(r => r.Keys[2] == status).Sum(r => r.ValueOrZero(0));
            var requests = (long)g.Sum(r => r.ValueOrZero(0));
            var (ok, errors, limited, timeouts) = (Count("ok"), Count("error"), Count("rate_limited"), Count("timeout"));
            var failed = requests - ok;
            return new ErrorRow(g.Key, requests, ok, failed, errors, limited, timeouts, ToolText.Round(ToolText.Share(failed, requests)));
        }).OrderByDescending(r => r.Failed).ThenBy(r => r.Name, StringComparer.Ordinal),
    ];

    /// <summary>Failures of one group.</summary>
    private sealed record ErrorRow(string Name, long Requests, long Ok, long Failed, long Errors, long RateLimited, long Timeouts, double FailureRate);
}
