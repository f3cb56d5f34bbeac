using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary><c>cost_analyzer</c>: total and average cost by model, provider, feature and end user, and the daily trend.</summary>
public sealed class CostAnalyzerTool : IAnalysisTool
{
    private static readonly Measure[] s_measures = [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.CostUsd)];

    /// <inheritdoc />
    public string Name => "cost_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "Total and average cost per request by model, provider, feature and end user (top spenders), and the daily cost trend as a chart series.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("top_end_users", "How many of the costliest end users to list.", 10, 1, 100));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        // Four scans at once: the totals, (model, provider, feature), which the model, provider and feature tables sum
        // from, the end users, and the days.
        Measure[] sums = [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.CountValues(WorkloadField.CostUsd)];
        var totalTask = context.QueryAsync([], [.. s_measures, Measure.CountValues(WorkloadField.CostUsd)], cancellationToken);
        var segmentTask = context.QueryAsync([WorkloadDimension.Model, WorkloadDimension.Provider, WorkloadDimension.Feature], sums, cancellationToken);
        var endUserTask = context.QueryAsync([WorkloadDimension.EndUser], sums, cancellationToken);
        var dailyTask = context.QueryAsync([GroupBy.Time(TimeSpan.FromDays(1))], s_measures, cancellationToken);
        await Task.WhenAll(totalTask, segmentTask, endUserTask, dailyTask);
        var totals = (await totalTask).Single;
        var requests = totals.ValueOrZero(0);
        if (requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var priced = totals.ValueOrZero(3);
        if (priced == 0)
        {
            return ToolOutput.Insufficient(
                $"None of the {ToolText.Count(requests)} requests {context.Scope} has a cost: they carry no cost_usd and their models are not in the catalog.",
                new { requests, priced_requests = 0 });
        }

        var total = totals.ValueOrZero(1);
        List<CostRow> By(IReadOnlyList<WorkloadQueryRow> rows, params int[] keys) =>
        [
            .. rows.GroupBy(r => string.Join(" / ", keys.Select(k => ToolQueries.Label(r.Keys[k]))), StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Requests: g.Sum(r => r.ValueOrZero(0)), Cost: g.Sum(r => r.ValueOrZero(1)), Priced: g.Sum(r => r.ValueOrZero(2))))
                .Select(g => new CostRow(
                    g.Name, (long)g.Requests, ToolText.Round(g.Cost), ToolText.Round(g.Priced == 0 ? 0 : g.Cost / g.Priced), ToolText.Round(ToolText.Share(g.Cost, total))))
                .OrderByDescending(r => r.CostUsd).ThenBy(r => r.Name, StringComparer.Ordinal),
        ];

        var segments = (await segmentTask).Rows;
        var byModel = By(segments, 0, 1);
        var byProvider = By(segments, 1);
        var byFeature = By(segments, 2);
        var byEndUser = By((await endUserTask).Rows, 0);
        var dailyRows = (await dailyTask).Rows;
        var daily = ToolQueries.Contiguous(dailyRows, TimeSpan.FromDays(1))
            .Select(d => new DailyCost(d.Start.ToString("yyyy-MM-dd"), (long)(d.Row?.ValueOrZero(0) ?? 0), ToolText.Round(d.Row?.ValueOrZero(1) ?? 0)))
            .ToList();
        var top = (int)context.Arguments.Integer("top_end_users")!.Value;

        var cheapest = daily.MinBy(d => d.CostUsd)!;
        var dearest = daily.MaxBy(d => d.CostUsd)!;
        var summary =
            $"Spend {context.Scope} is {ToolText.Usd(total)} over {ToolText.Count(requests)} requests, {ToolText.Usd(total / priced)} per priced request on average. "
            + $"The costliest model is {byModel[0].Name} at {ToolText.Usd(byModel[0].CostUsd)} ({ToolText.Percent(byModel[0].Share)} of spend), "
            + $"and the costliest feature {byFeature[0].Name} at {ToolText.Usd(byFeature[0].CostUsd)} ({ToolText.Percent(byFeature[0].Share)}). "
            + $"Over {daily.Count} days, daily spend ranged from {ToolText.Usd(cheapest.CostUsd)} on {cheapest.Date} to {ToolText.Usd(dearest.CostUsd)} on {dearest.Date}."
            + (requests > priced ? $" {ToolText.Count(requests - priced)} requests have no cost (model not in the catalog) and are left out of the sums." : "");
        return new ToolOutput(summary, new
        {
            total_cost_usd = ToolText.Round(total),
            requests = (long)requests,
            priced_requests = (long)priced,
            avg_cost_per_request_usd = ToolText.Round(total / priced),
            by_model = byModel,
            by_provider = byProvider,
            by_feature = byFeature,
            end_users = byEndUser.Count,
            top_end_users = byEndUser.Take(top).ToList(),
            daily,
        });
    }

    /// <summary>A row of a cost breakdown.</summary>
    private sealed record CostRow(string Name, long Requests, double CostUsd, double AvgCostUsd, double Share);

    /// <summary>A day of the trend.</summary>
    private sealed record DailyCost(string Date, long Requests, double CostUsd);
}
