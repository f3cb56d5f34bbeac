using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Workload;

/// <summary>
/// <c>time_of_day_analyzer</c>: the daily pattern of traffic by UTC hour and weekday, the peak hours (above the mean
/// hour), and the volume that could move off-peak: what flattens the peak hours to the mean, or, when deferrable
/// features are named, their requests in the peak hours.
/// </summary>
public sealed class TimeOfDayAnalyzerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "time_of_day_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Workload;

    /// <inheritdoc />
    public string Description =>
        "The daily traffic pattern by UTC hour and weekday (requests, tokens and cost), the peak hours, and the volume that could move off-peak; needs at least a day of data.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("deferrable_features", ToolParameterType.StringList, "Features whose requests need no immediate answer and could run off-peak."));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var range = (await context.QueryAsync([], [Measure.Count(), Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp)], cancellationToken)).Single;
        if (range.ValueOrZero(0) == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var spanHours = (range.ValueOrZero(2) - range.ValueOrZero(1)) / 3_600_000;
        if (spanHours < 24)
        {
            return ToolOutput.Insufficient(
                $"The requests {context.Scope} span {ToolText.Number(spanHours)} hours; a daily pattern needs at least 24.", new { span_hours = ToolText.Round(spanHours, 2) });
        }

        var days = (await context.QueryAsync([GroupBy.Time(TimeSpan.FromDays(1))], [Measure.Count()], cancellationToken)).Rows.Count;
        Measure[] measures = [Measure.Count(), Measure.Sum(WorkloadField.TotalTokens), Measure.Sum(WorkloadField.CostUsd)];
        var byHour = (await context.QueryAsync([WorkloadDimension.HourOfDay], measures, cancellationToken)).Rows.ToDictionary(r => int.Parse(r.Keys[0]!, CultureInfo.InvariantCulture));
        var hours = Enumerable.Range(0, 24).Select(h => byHour.TryGetValue(h, out var r)
            ? new HourRow(h, (long)r.ValueOrZero(0), ToolText.Round(r.ValueOrZero(0) / days, 2), (long)r.ValueOrZero(1), ToolText.Round(r.ValueOrZero(2)))
            : new HourRow(h, 0, 0, 0, 0)).ToList();
        var total = hours.Sum(h => h.Requests);
        var mean = total / 24.0;
        var peak = hours.Where(h => h.Requests > mean).Select(h => h.Hour).ToList();
        var flatten = hours.Sum(h => Math.Max(0, h.Requests - mean));
        var weekdays = (await context.QueryAsync([WorkloadDimension.DayOfWeek], measures, cancellationToken)).Rows
            .Select(r => new { iso_day = int.Parse(r.Keys[0]!, CultureInfo.InvariantCulture), requests = (long)r.ValueOrZero(0), cost_usd = ToolText.Round(r.ValueOrZero(2)) })
            .ToList();

        var deferrable = context.Arguments.StringList("deferrable_features");
        long? movable = null;
        if (deferrable is not null)
        {
            var filter = context.Filter with { Features = deferrable };
            var rows = (await context.QueryAsync(new WorkloadQuery(filter, [WorkloadDimension.HourOfDay], [Measure.Count()]), cancellationToken)).Rows;
            movable = (long)rows.Where(r => peak.Contains(int.Parse(r.Keys[0]!, CultureInfo.InvariantCulture))).Sum(r => r.ValueOrZero(0));
        }

        var busiest = hours.MaxBy(h => h.Requests)!;
        var quietest = hours.MinBy(h => h.Requests)!;
        var peakShare = ToolText.Share(hours.Where(h => peak.Contains(h.Hour)).Sum(h => h.Requests), total);
        var summary = $"Traffic {context.Scope} peaks at {busiest.Hour:00}:00 UTC ({ToolText.Number(busiest.RequestsPerDay)} requests a day on average over {days} days) "
            + $"and is lowest at {quietest.Hour:00}:00 ({ToolText.Number(quietest.RequestsPerDay)}). The {peak.Count} hours above the mean carry {ToolText.Percent(peakShare)} of requests; "
            + $"moving {ToolText.Count(flatten)} requests ({ToolText.Percent(ToolText.Share(flatten, total))}) out of them would flatten the daily curve to its mean."
            + (movable is { } m ? $" The deferrable features ({string.Join(", ", deferrable!)}) send {ToolText.Count(m)} requests ({ToolText.Percent(ToolText.Share(m, total))}) in those peak hours, which could move off-peak." : "");
        return new ToolOutput(summary, new
        {
            days,
            requests = total,
            hours,
            weekdays,
            peak_hours = peak,
            peak_share = ToolText.Round(peakShare),
            flatten_requests = ToolText.Round(flatten, 1),
            deferrable_features = deferrable,
            deferrable_peak_requests = movable,
        });
    }

    /// <summary>One UTC hour of the day.</summary>
    private sealed record HourRow(int Hour, long Requests, double RequestsPerDay, long Tokens, double CostUsd);
}
