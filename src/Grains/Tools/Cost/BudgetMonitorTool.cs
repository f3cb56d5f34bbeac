using System.Text.Json;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>budget_monitor</c>: month-to-date spend per end user, feature or team against monthly budgets, the burn rate
/// over a recent window, the projected month-end spend (month-to-date + burn rate × days left) and the date the
/// budget is, or is projected to be, overrun.
/// </summary>
public sealed class BudgetMonitorTool : IAnalysisTool
{
    private static readonly Dictionary<string, WorkloadDimension> s_dimensions = new(StringComparer.Ordinal)
    {
        ["end_user"] = WorkloadDimension.EndUser,
        ["feature"] = WorkloadDimension.Feature,
        ["team"] = WorkloadDimension.Team,
    };

    /// <inheritdoc />
    public string Name => "budget_monitor";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "Month-to-date spend per end user, feature or team against monthly budgets (budgets: name → USD per month, or monthly_budget_usd for each), "
        + "the burn rate in USD/day over a recent window, the projected month-end spend and the projected date of overrun.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("group_by", ToolParameterType.String, "What budgets are set for.") { Allowed = [.. s_dimensions.Keys], Default = "feature" },
        new ToolParameter("budgets", ToolParameterType.JsonObject, "Monthly budgets in USD by group name, e.g. {\"search\": 500, \"chat\": 2000}."),
        new ToolParameter("monthly_budget_usd", ToolParameterType.Number, "One monthly budget in USD for every group not in budgets.") { Minimum = 0, Maximum = 1e9 },
        ToolParameters.Integer("burn_window_days", "The recent window (in days, not before the first event's day) over which the burn rate is measured.", 7, 1, 31),
        new ToolParameter("as_of", ToolParameterType.DateTime, "The moment to judge at; by default the end of the UTC day of the latest event."));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        var groupBy = args.String("group_by")!;
        var dimension = s_dimensions[groupBy];
        var budgets = args.Json("budgets") is { } json ? ParseBudgets(json) : [];
        var defaultBudget = args.Number("monthly_budget_usd");
        if (budgets.Count == 0 && defaultBudget is null)
        {
            throw new ArgumentException("Give budgets (an object of group name → USD per month) or monthly_budget_usd.");
        }

        var range = (await context.QueryAsync([], [Measure.Count(), Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp)], cancellationToken)).Single;
        if (range.ValueOrZero(0) == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var dataStart = Day(DateTimeOffset.FromUnixTimeMilliseconds((long)range.Values[1]!.Value));
        var asOf = args.DateTime("as_of") ?? Day(DateTimeOffset.FromUnixTimeMilliseconds((long)range.Values[2]!.Value)).AddDays(1);
        var inMonth = asOf.AddMilliseconds(-1);
        var monthStart = new DateTimeOffset(inMonth.Year, inMonth.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var monthEnd = monthStart.AddMonths(1);
        var window = (int)args.Integer("burn_window_days")!.Value;
        var windowStart = asOf.AddDays(-window) > dataStart ? asOf.AddDays(-window) : dataStart;
        var windowDays = Math.Max((asOf - windowStart).TotalDays, 1.0 / 24);
        var daysLeft = Math.Max(0, (monthEnd - asOf).TotalDays);

        var daily = await SpendAsync(context, monthStart, asOf, [dimension, GroupBy.Time(TimeSpan.FromDays(1))], cancellationToken);
        var recent = (await SpendAsync(context, windowStart, asOf, [dimension], cancellationToken)).ToDictionary(r => ToolQueries.Label(r.Keys[0]), r => r.ValueOrZero(0));
        var byGroup = daily.GroupBy(r => ToolQueries.Label(r.Keys[0])).ToDictionary(g => g.Key, g => g.ToList());
        var names = byGroup.Keys.Union(recent.Keys).Union(budgets.Keys).Distinct().ToList();
        var groups = names.Select(name =>
        {
            var days = byGroup.GetValueOrDefault(name) ?? [];
            var mtd = days.Sum(d => d.ValueOrZero(0));
            var burn = recent.GetValueOrDefault(name) / windowDays;
            var projected = mtd + (burn * daysLeft);
            double? budget = budgets.TryGetValue(name, out var b) ? b : defaultBudget;
            string? overrun = null;
            var status = "no_budget";
            if (budget is { } limit)
            {
                status = mtd > limit ? "over_budget" : projected > limit ? "projected_overrun" : "on_track";
                overrun = status switch
                {
                    "over_budget" => CrossingDay(days, limit),
                    "projected_overrun" => asOf.AddDays((limit - mtd) / burn).ToString("yyyy-MM-dd"),
                    _ => null,
                };
            }

            return new BudgetRow(
                name, budget, ToolText.Round(mtd), ToolText.Round(burn), ToolText.Round(projected),
                budget is { } l2 ? ToolText.Round(ToolText.Share(mtd, l2)) : null, budget is { } l3 ? ToolText.Round(projected - l3) : null, status, overrun);
        }).OrderBy(g => Rank(g.Status)).ThenByDescending(g => g.ProjectedOverUsd ?? double.MinValue).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();

        var over = groups.Where(g => g.Status == "over_budget").ToList();
        var projectedOver = groups.Where(g => g.Status == "projected_overrun").ToList();
        var flagged = over.Concat(projectedOver).ToList();
        var summary = $"For {monthStart:yyyy-MM} as of {ToolText.Time(asOf)} {context.Scope}, {groups.Count} {groupBy.Replace('_', ' ')} groups spent {ToolText.Usd(groups.Sum(g => g.MonthToDateUsd))} "
            + $"month to date, burning {ToolText.Usd(groups.Sum(g => g.BurnRateUsdPerDay))} per day over the last {ToolText.Number(windowDays)} days with {ToolText.Number(daysLeft)} day{(daysLeft == 1 ? "" : "s")} left. "
            + (flagged.Count == 0
                ? "No group with a budget is over it or projected to overrun it."
                : $"{over.Count} {(over.Count == 1 ? "is" : "are")} already over budget and {projectedOver.Count} {(projectedOver.Count == 1 ? "is" : "are")} projected to overrun; "
                    + $"the worst is {flagged[0].Name}, projected at {ToolText.Usd(flagged[0].ProjectedMonthEndUsd)} against {ToolText.Usd(flagged[0].BudgetUsd!.Value)} (overrun on {flagged[0].OverrunDate}).");
        return new ToolOutput(summary, new
        {
            definition = "Month-to-date: spend from the first of as_of's UTC month up to as_of. Burn rate: spend over the burn window (starting no earlier than the first event's UTC day) divided by its days. "
                + "Projected month-end: month-to-date + burn rate × days left in the month. Overrun date: the UTC day cumulative spend first passed the budget, or as_of + (budget − month-to-date) / burn rate.",
            group_by = groupBy,
            as_of = asOf,
            month_start = monthStart,
            month_end = monthEnd,
            burn_window_days = ToolText.Round(windowDays, 4),
            days_left = ToolText.Round(daysLeft, 4),
            groups,
            over_budget = over.Select(g => g.Name).ToList(),
            projected_overrun = projectedOver.Select(g => g.Name).ToList(),
            opportunities = flagged.Take(5).Select(g => new
            {
                title = $"Bring {g.Name} back under its budget",
                detail = $"{g.Name} is projected to spend {ToolText.Usd(g.ProjectedMonthEndUsd)} this month against a budget of {ToolText.Usd(g.BudgetUsd!.Value)} "
                    + $"(burning {ToolText.Usd(g.BurnRateUsdPerDay)} per day); cut its spend by {ToolText.Usd(g.ProjectedOverUsd!.Value)} or raise the budget.",
                saving_usd = g.ProjectedOverUsd,
                effort = "medium",
            }).ToList(),
        });
    }

    private static async Task<IReadOnlyList<WorkloadQueryRow>> SpendAsync(
        ToolContext context, DateTimeOffset from, DateTimeOffset to, GroupBy[] groupBy, CancellationToken cancellationToken)
    {
        var filter = context.Filter with
        {
            From = context.Filter.From is { } f && f > from ? f : from,
            To = context.Filter.To is { } t && t < to ? t : to,
        };
        return (await context.QueryAsync(new WorkloadQuery(filter, groupBy, [Measure.Sum(WorkloadField.CostUsd)]), cancellationToken)).Rows;
    }

    private static string? CrossingDay(IEnumerable<WorkloadQueryRow> days, double budget)
    {
        var cumulative = 0.0;
        foreach (var d in days.OrderBy(d => d.Keys[1], StringComparer.Ordinal))
        {
            cumulative += d.ValueOrZero(0);
            if (cumulative > budget)
            {
                return ToolQueries.ParseTime(d.Keys[1]).ToString("yyyy-MM-dd");
            }
        }

        return null;
    }

    private static Dictionary<string, double> ParseBudgets(JsonElement json) => json.EnumerateObject().ToDictionary(
        p => p.Name,
        p => p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() >= 0
            ? p.Value.GetDouble()
            : throw new ArgumentException($"The budget of '{p.Name}' must be a non-negative number of USD per month."),
        StringComparer.Ordinal);

    private static DateTimeOffset Day(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

    private static int Rank(string status) => status switch { "over_budget" => 0, "projected_overrun" => 1, "on_track" => 2, _ => 3 };

    /// <summary>One group's spend against its budget.</summary>
    private sealed record BudgetRow(
        string Name,
        double? BudgetUsd,
        double MonthToDateUsd,
        double BurnRateUsdPerDay,
        double ProjectedMonthEndUsd,
        double? BudgetUsedShare,
        double? ProjectedOverUsd,
        string Status,
        string? OverrunDate);
}
