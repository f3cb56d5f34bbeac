using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Workload;

/// <summary>
/// <c>user_segmentation_analyzer</c>: how concentrated cost is across end users: the top-k users' share, the share of
/// the top 1% and 10%, and the Gini coefficient, G = Σᵢ (2i − n − 1)·xᵢ / (n·Σx) over per-user costs sorted ascending
/// (0 when all spend alike, towards 1 when one spends all). Events carry no team, so features stand in for teams.
/// </summary>
public sealed class UserSegmentationAnalyzerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "user_segmentation_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Workload;

    /// <inheritdoc />
    public string Description =>
        "Cost concentration across end users (top-k share, top 1% and 10% share, Gini coefficient) and across features, which stand in for teams.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("top_k", "How many of the costliest end users to list and measure.", 10, 1, 1_000));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        Measure[] measures = [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)];
        var rows = (await context.QueryAsync([WorkloadDimension.EndUser], measures, cancellationToken)).Rows;
        var unattributed = rows.FirstOrDefault(r => r.Keys[0] is null);
        var users = rows.Where(r => r.Keys[0] is not null)
            .Select(r => (User: r.Keys[0]!, Requests: (long)r.ValueOrZero(0), Cost: r.ValueOrZero(1)))
            .OrderByDescending(u => u.Cost).ThenBy(u => u.User, StringComparer.Ordinal).ToList();
        if (users.Count < 2)
        {
            return ToolOutput.Insufficient(
                $"{(users.Count == 0 ? "No" : "Only one")} end user is named in the requests {context.Scope}; cost concentration needs at least two (set end_user on events).",
                new { end_users = users.Count, unattributed_requests = (long)(unattributed?.ValueOrZero(0) ?? 0) });
        }

        var total = users.Sum(u => u.Cost);
        var k = (int)context.Arguments.Integer("top_k")!.Value;
        double TopShare(int count) => ToolText.Share(users.Take(Math.Max(1, count)).Sum(u => u.Cost), total);
        var features = (await context.QueryAsync([WorkloadDimension.Feature], measures, cancellationToken)).Rows
            .Select(r => (Name: ToolQueries.Label(r.Keys[0]), Cost: r.ValueOrZero(1))).OrderByDescending(f => f.Cost).ToList();
        var gini = Gini(users.Select(u => u.Cost));
        var summary = $"{ToolText.Count(users.Count)} end users spent {ToolText.Usd(total)} {context.Scope}. The top {Math.Min(k, users.Count)} account for {ToolText.Percent(TopShare(k))} of it, "
            + $"the top 1% for {ToolText.Percent(TopShare((int)Math.Ceiling(users.Count * 0.01)))} and the top 10% for {ToolText.Percent(TopShare((int)Math.Ceiling(users.Count * 0.1)))}; "
            + $"the costliest is {users[0].User} at {ToolText.Usd(users[0].Cost)}. The Gini coefficient of spend per user is {ToolText.Number(gini, 3)} "
            + $"({(gini >= 0.6 ? "highly concentrated" : gini >= 0.3 ? "moderately concentrated" : "evenly spread")}). "
            + $"Across features, {features[0].Name} spends the most ({ToolText.Percent(ToolText.Share(features[0].Cost, features.Sum(f => f.Cost)))})."
            + (unattributed is not null ? $" {ToolText.Count(unattributed.ValueOrZero(0))} requests name no end user and are left out." : "");
        return new ToolOutput(summary, new
        {
            definition = "Gini = Σ (2i − n − 1)·x_i / (n·Σx) over per-user cost sorted ascending, i from 1; top shares take ceil(1%·n) and ceil(10%·n) users.",
            end_users = users.Count,
            cost_usd = ToolText.Round(total),
            gini = ToolText.Round(gini, 6),
            top_k = k,
            top_k_share = ToolText.Round(TopShare(k)),
            top_1_percent_share = ToolText.Round(TopShare((int)Math.Ceiling(users.Count * 0.01))),
            top_10_percent_share = ToolText.Round(TopShare((int)Math.Ceiling(users.Count * 0.1))),
            top_users = users.Take(k).Select(u => new { end_user = u.User, requests = u.Requests, cost_usd = ToolText.Round(u.Cost), share = ToolText.Round(ToolText.Share(u.Cost, total)) }).ToList(),
            unattributed_requests = (long)(unattributed?.ValueOrZero(0) ?? 0),
            features = features.Select(f => new { feature = f.Name, cost_usd = ToolText.Round(f.Cost) }).ToList(),
            feature_gini = ToolText.Round(Gini(features.Select(f => f.Cost)), 6),
        });
    }

    /// <summary>The Gini coefficient of non-negative values; 0 when they sum to 0.</summary>
    public static double Gini(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        var sum = sorted.Sum();
        if (n == 0 || sum <= 0)
        {
            return 0;
        }

        var weighted = 0.0;
        for (var i = 0; i < n; i++)
        {
            weighted += ((2.0 * (i + 1)) - n - 1) * sorted[i];
        }

        return weighted / (n * sum);
    }
}
