using System.Text.Json;

namespace Netra.Grains.Tools.Reporting;

/// <summary>
/// Which parts of which tools' results a report charts. Every result's <c>series</c> is a chart; so are the tables
/// named here (cost by model, the daily trend, latency percentiles, cache policies, the forecast). The report's
/// structured result carries each chart's rows as the tool computed them, so a page draws them and nothing is made up.
/// </summary>
internal static class ReportCharts
{
    private static readonly (string Tool, string Field, string Title)[] s_named =
    [
        ("cost_analyzer", "by_model", "Cost by model"),
        ("cost_analyzer", "daily", "Daily cost"),
        ("latency_analyzer", "by_model", "Latency percentiles by model"),
        ("model_mix_analyzer", "models", "Traffic and cost by model"),
        ("cache_policy_optimizer", "policies", "Response cache: hit rate and saving by capacity and TTL"),
        ("cost_forecaster", "forecast", "Cost forecast"),
    ];

    /// <summary>The charts of the findings, in the order of the findings.</summary>
    public static List<ReportChart> Of(IEnumerable<JsonElement> findings)
    {
        var charts = new List<ReportChart>();
        foreach (var result in findings)
        {
            if (!result.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var tool = result.GetProperty("tool").GetString()!;
            foreach (var (_, field, title) in s_named.Where(n => n.Tool == tool))
            {
                if (data.TryGetProperty(field, out var rows) && rows.ValueKind == JsonValueKind.Array && rows.GetArrayLength() > 0)
                {
                    charts.Add(new ReportChart(tool, rows.Clone(), title, field));
                }
            }

            if (data.TryGetProperty("series", out var series))
            {
                charts.Add(new ReportChart(tool, series.Clone(), tool.Replace('_', ' '), "series"));
            }
        }

        return charts;
    }
}
