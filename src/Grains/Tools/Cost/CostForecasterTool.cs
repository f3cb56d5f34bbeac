using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Cost;

/// <summary>
/// <c>cost_forecaster</c>: spend over the next N days from the daily cost series (1-day buckets in the store, gaps
/// filled with 0), by additive Holt-Winters with a weekly season when there are at least two weeks of days, else
/// Holt's linear method, with 80% and 95% intervals from the residual standard deviation.
/// </summary>
public sealed class CostForecasterTool : IAnalysisTool
{
    private const int Season = 7;
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    /// <inheritdoc />
    public string Name => "cost_forecaster";

    /// <inheritdoc />
    public string Category => ToolCategories.Cost;

    /// <inheritdoc />
    public string Description =>
        "Spend over the next N days forecast from the daily cost series (additive Holt-Winters with a weekly season from 14 days of data, else Holt's linear trend), "
        + "with 80% and 95% intervals, and the history and forecast as chart series.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("horizon_days", "How many days ahead to forecast.", 14, 1, 365));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var horizon = (int)context.Arguments.Integer("horizon_days")!.Value;
        var day = TimeSpan.FromDays(1);
        var rows = (await context.QueryAsync([GroupBy.Time(day)], [Measure.Sum(WorkloadField.CostUsd), Measure.Count()], cancellationToken)).Rows;
        var days = ToolQueries.Contiguous(rows, day).Select(d => (Date: d.Start, Cost: d.Row?.ValueOrZero(0) ?? 0)).ToList();
        if (days.Count < 3)
        {
            return ToolOutput.Insufficient(
                $"The requests {context.Scope} span {days.Count} day{(days.Count == 1 ? "" : "s")}; a forecast needs a daily series of at least 3 days.",
                new { days = days.Count, requests = (long)rows.Sum(r => r.ValueOrZero(1)) });
        }

        var y = days.Select(d => d.Cost).ToList();
        var fit = days.Count >= 2 * Season ? HoltForecast.Seasonal(y, Season, horizon) : HoltForecast.Linear(y, horizon);
        var last = days[^1].Date;
        var forecast = fit.Forecast.Select((value, i) =>
        {
            // The h-step error grows roughly like √h times the one-step error (a random-walk approximation).
            var spread = fit.ResidualStd * Math.Sqrt(i + 1);
            return new ForecastDay(
                last.AddDays(i + 1).ToString("yyyy-MM-dd"), ToolText.Round(Math.Max(0, value)),
                ToolText.Round(Math.Max(0, value - (Z80 * spread))), ToolText.Round(Math.Max(0, value + (Z80 * spread))),
                ToolText.Round(Math.Max(0, value - (Z95 * spread))), ToolText.Round(Math.Max(0, value + (Z95 * spread))));
        }).ToList();

        var total = forecast.Sum(f => f.CostUsd);
        var totalSpread = fit.ResidualStd * Math.Sqrt(Enumerable.Range(1, horizon).Sum(h => (double)h));
        var history = y.Sum();
        var perDayNow = y.TakeLast(Math.Min(Season, y.Count)).Average();
        var summary = $"Over the {days.Count} days {context.Scope}, spend was {ToolText.Usd(history)} ({ToolText.Usd(perDayNow)} per day over the last {Math.Min(Season, y.Count)} days). "
            + $"{(fit.Gamma is null ? "Holt's linear trend" : "Additive Holt-Winters with a weekly season")} forecasts {ToolText.Usd(total)} over the next {horizon} days "
            + $"({ToolText.Usd(total / horizon)} per day), with a 95% interval of {ToolText.Usd(Math.Max(0, total - (Z95 * totalSpread)))} to {ToolText.Usd(total + (Z95 * totalSpread))}; "
            + $"the one-step residual standard deviation is {ToolText.Usd(fit.ResidualStd)} per day.";
        return new ToolOutput(summary, new
        {
            definition = "Daily cost in UTC days, gaps filled with 0. Smoothing parameters by grid search (0.1–0.9) minimising one-step-ahead squared error. "
                + "Interval for day h: forecast ± z·σ·√h, σ the RMS one-step error, clipped at 0; the total's interval adds the days' variances σ²·h, so its spread is σ·√(Σh).",
            method = fit.Method,
            alpha = fit.Alpha,
            beta = fit.Beta,
            gamma = fit.Gamma,
            season_days = fit.Gamma is null ? (int?)null : Season,
            history_days = days.Count,
            history_cost_usd = ToolText.Round(history),
            residual_std_usd = ToolText.Round(fit.ResidualStd),
            horizon_days = horizon,
            forecast_total_usd = ToolText.Round(total),
            forecast_total_lower_95 = ToolText.Round(Math.Max(0, total - (Z95 * totalSpread))),
            forecast_total_upper_95 = ToolText.Round(total + (Z95 * totalSpread)),
            history = days.Select(d => new { date = d.Date.ToString("yyyy-MM-dd"), cost_usd = ToolText.Round(d.Cost) }).ToList(),
            forecast,
        });
    }

    /// <summary>One forecast day with its intervals.</summary>
    private sealed record ForecastDay(string Date, double CostUsd, double Lower80, double Upper80, double Lower95, double Upper95);
}
