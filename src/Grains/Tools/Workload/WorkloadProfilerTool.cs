using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Workload;

/// <summary><c>workload_profiler</c>: counts, time range, models, features, token and latency statistics.</summary>
public sealed class WorkloadProfilerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "workload_profiler";

    /// <inheritdoc />
    public string Category => ToolCategories.Workload;

    /// <inheritdoc />
    public string Description =>
        "Profiles the workload: request count, time range, models, providers, features, statuses, token statistics (mean, p50, p90, p99, max) and latency statistics. Start here.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload();

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var profile = await WorkloadProfile.ComputeAsync(context, cancellationToken);
        if (profile.Requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var failed = profile.Statuses.Where(s => s.Name != "ok").Sum(s => s.Requests);
        var text = new List<string>
        {
            $"{ToolText.Count(profile.Requests)} requests {context.Scope} from {ToolText.Time(profile.FirstTimestamp!.Value)} to {ToolText.Time(profile.LastTimestamp!.Value)} ({ToolText.Number(profile.Days)} days), "
                + $"on {profile.Models.Count} models and {profile.Features.Count} features, costing {ToolText.Usd(profile.CostUsd)} in all.",
            $"The busiest model is {profile.Models[0].Name} ({ToolText.Percent(profile.Models[0].Share)} of requests) and the busiest feature {profile.Features[0].Name} ({ToolText.Percent(profile.Features[0].Share)}).",
            $"Prompts have a median of {ToolText.Count(profile.InputTokens.P50 ?? 0)} input tokens (p99 {ToolText.Count(profile.InputTokens.P99 ?? 0)}), and responses a median of {ToolText.Count(profile.OutputTokens.P50 ?? 0)} output tokens (p99 {ToolText.Count(profile.OutputTokens.P99 ?? 0)}).",
        };
        if (profile.LatencyMs.Count > 0)
        {
            text.Add($"Median latency is {ToolText.Ms(profile.LatencyMs.P50!.Value)} and p99 {ToolText.Ms(profile.LatencyMs.P99!.Value)}.");
        }

        text.Add($"{ToolText.Percent(ToolText.Share(failed, profile.Requests))} of requests did not succeed.");
        if (profile.UnpricedRequests > 0)
        {
            text.Add($"{ToolText.Count(profile.UnpricedRequests)} requests have no cost: their model is not in the catalog and they carried none.");
        }

        return new ToolOutput(string.Join(" ", text), profile);
    }
}
