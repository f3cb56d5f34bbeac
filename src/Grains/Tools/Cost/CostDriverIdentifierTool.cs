using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>cost_driver_identifier</c>: the Pareto set (the fewest (model, feature) pairs that make up a share of spend,
/// 80% by default) and the pairs that grew most between a baseline and a current period, compared per day.
/// </summary>
public sealed class CostDriverIdentifierTool : IAnalysisTool
{
    private static readonly GroupBy[] s_pairs = [WorkloadDimension.Model, WorkloadDimension.Feature];

    /// <inheritdoc />
    public string Name => "cost_driver_identifier";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "The Pareto set: the smallest set of (model, feature) pairs that makes up 80% of spend; and the biggest contributors to growth in spend per day "
        + "between a baseline and a current period (by default the first and second halves of the time range).";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("share", "The share of spend the Pareto set must reach.", 0.8, 0.05, 1),
        new ToolParameter("baseline_from", ToolParameterType.DateTime, "Start of the baseline period; give all four period bounds or none."),
        new ToolParameter("baseline_to", ToolParameterType.DateTime, "End (exclusive) of the baseline period."),
        new ToolParameter("current_from", ToolParameterType.DateTime, "Start of the current period."),
        new ToolParameter("current_to", ToolParameterType.DateTime, "End (exclusive) of the current period."));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var periods = ExplicitPeriods(context.Arguments);
        var pairs = (await context.QueryAsync(s_pairs, [Measure.Sum(WorkloadField.CostUsd), Measure.Count()], cancellationToken)).Rows
            .Select(r => (Model: ToolQueries.Label(r.Keys[0]), Feature: ToolQueries.Label(r.Keys[1]), Cost: r.ValueOrZero(0), Requests: (long)r.ValueOrZero(1)))
            .OrderByDescending(p => p.Cost).ThenBy(p => p.Model, StringComparer.Ordinal).ThenBy(p => p.Feature, StringComparer.Ordinal)
            .ToList();
        var total = pairs.Sum(p => p.Cost);
        if (pairs.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        if (total <= 0)
        {
            return ToolOutput.Insufficient($"The requests {context.Scope} have no cost, so there is no spend to attribute.", new { requests = pairs.Sum(p => p.Requests) });
        }

        var target = context.Arguments.Number("share")!.Value;
        var pareto = new List<object>();
        var cumulative = 0.0;
        foreach (var pair in pairs)
        {
            if (cumulative >= target * total)
            {
                break;
            }

            cumulative += pair.Cost;
            pareto.Add(new { model = pair.Model, feature = pair.Feature, requests = pair.Requests, cost_usd = ToolText.Round(pair.Cost), share = ToolText.Round(pair.Cost / total), cumulative_share = ToolText.Round(cumulative / total) });
        }

        var growth = await GrowthAsync(context, periods, cancellationToken);
        var summary = $"Of {ToolText.Usd(total)} spent {context.Scope} across {pairs.Count} (model, feature) pairs, {pareto.Count} pair{(pareto.Count == 1 ? "" : "s")} make up "
            + $"{ToolText.Percent(cumulative / total)}; the largest is {pairs[0].Model} for {pairs[0].Feature} at {ToolText.Usd(pairs[0].Cost)} ({ToolText.Percent(pairs[0].Cost / total)}). "
            + growth.Summary;
        return new ToolOutput(summary, new
        {
            total_cost_usd = ToolText.Round(total),
            pairs = pairs.Count,
            target_share = target,
            pareto_set = pareto,
            pareto_share = ToolText.Round(cumulative / total),
            growth = growth.Data,
        });
    }

    private static async Task<(string Summary, object Data)> GrowthAsync(
        ToolContext context, (DateTimeOffset From, DateTimeOffset To, DateTimeOffset CurrentFrom, DateTimeOffset CurrentTo)? periods, CancellationToken cancellationToken)
    {
        if (periods is not { } p)
        {
            var range = (await context.QueryAsync([], [Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp)], cancellationToken)).Single;
            var first = context.Filter.From ?? DateTimeOffset.FromUnixTimeMilliseconds((long)range.Values[0]!.Value);
            var end = context.Filter.To ?? DateTimeOffset.FromUnixTimeMilliseconds((long)range.Values[1]!.Value + 1);
            var middle = first + ((end - first) / 2);
            p = (first, middle, middle, end);
        }

        var baseDays = (p.To - p.From).TotalDays;
        var currentDays = (p.CurrentTo - p.CurrentFrom).TotalDays;
        var baseline = await PerDayAsync(context, p.From, p.To, baseDays, cancellationToken);
        var current = await PerDayAsync(context, p.CurrentFrom, p.CurrentTo, currentDays, cancellationToken);
        var changes = baseline.Keys.Union(current.Keys)
            .Select(k => (Key: k, Before: baseline.GetValueOrDefault(k), After: current.GetValueOrDefault(k)))
            .Select(c => (c.Key, c.Before, c.After, Change: c.After - c.Before))
            .OrderByDescending(c => c.Change).ThenBy(c => c.Key.Model, StringComparer.Ordinal).ThenBy(c => c.Key.Feature, StringComparer.Ordinal)
            .ToList();
        var before = baseline.Values.Sum();
        var after = current.Values.Sum();
        var growth = changes.Where(c => c.Change > 0).Sum(c => c.Change);
        var contributors = changes.Where(c => c.Change > 0).Take(5).Select(c => new
        {
            model = c.Key.Model,
            feature = c.Key.Feature,
            baseline_usd_per_day = ToolText.Round(c.Before),
            current_usd_per_day = ToolText.Round(c.After),
            change_usd_per_day = ToolText.Round(c.Change),
            share_of_growth = ToolText.Round(c.Change / growth),
        }).ToList();
        var data = new
        {
            baseline = new { from = p.From, to = p.To, usd_per_day = ToolText.Round(before) },
            current = new { from = p.CurrentFrom, to = p.CurrentTo, usd_per_day = ToolText.Round(after) },
            change_usd_per_day = ToolText.Round(after - before),
            contributors,
        };
        var trend = $"Spend per day went from {ToolText.Usd(before)} ({ToolText.Time(p.From)} to {ToolText.Time(p.To)}) to {ToolText.Usd(after)} ({ToolText.Time(p.CurrentFrom)} to {ToolText.Time(p.CurrentTo)})";
        if (contributors.Count == 0)
        {
            return (trend + "; no pair grew.", data);
        }

        var top = contributors[0];
        return ($"{trend}; the biggest contributor to growth is {top.model} for {top.feature}, up {ToolText.Usd(top.change_usd_per_day)} per day ({ToolText.Percent(top.share_of_growth)} of all growth).", data);
    }

    private static async Task<Dictionary<(string Model, string Feature), double>> PerDayAsync(
        ToolContext context, DateTimeOffset from, DateTimeOffset to, double days, CancellationToken cancellationToken)
    {
        var filter = context.Filter with
        {
            From = context.Filter.From is { } f && f > from ? f : from,
            To = context.Filter.To is { } t && t < to ? t : to,
        };
        var rows = await context.QueryAsync(new WorkloadQuery(filter, s_pairs, [Measure.Sum(WorkloadField.CostUsd)]), cancellationToken);
        return rows.Rows.ToDictionary(r => (ToolQueries.Label(r.Keys[0]), ToolQueries.Label(r.Keys[1])), r => r.ValueOrZero(0) / days);
    }

    private static (DateTimeOffset, DateTimeOffset, DateTimeOffset, DateTimeOffset)? ExplicitPeriods(ToolArguments arguments)
    {
        string[] names = ["baseline_from", "baseline_to", "current_from", "current_to"];
        var given = names.Count(arguments.Has);
        if (given == 0)
        {
            return null;
        }

        if (given < names.Length)
        {
            throw new ArgumentException("Give all four of baseline_from, baseline_to, current_from and current_to, or none of them.");
        }

        var (bf, bt, cf, ct) = (arguments.DateTime(names[0])!.Value, arguments.DateTime(names[1])!.Value, arguments.DateTime(names[2])!.Value, arguments.DateTime(names[3])!.Value);
        if (bf >= bt || cf >= ct)
        {
            throw new ArgumentException("Each period must start before it ends.");
        }

        return (bf, bt, cf, ct);
    }
}
