using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>performance_gains_simulator</c>: replays successful requests (streamed, bounded memory) under one what-if and
/// compares latency percentiles before and after. <c>smaller_model</c> moves the traffic to a target model, predicted
/// by the target's own fitted latency model when the data has one, else by scaling decode time by the catalog's
/// speeds; <c>output_cap</c> removes the decode time of output tokens above a cap (fitted ms per output token, else
/// catalog speed); <c>streaming</c> makes the perceived latency the time to first token (reported, else the fitted
/// prefill a + b·input).
/// </summary>
public sealed class PerformanceGainsSimulatorTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "performance_gains_simulator";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "What-if latency (p50, p95, p99 before and after) of moving traffic to a smaller model, capping output tokens, or streaming (time to first token as perceived latency), "
        + "from per-model fitted latency models (latency ≈ a + b·input + c·output) and the catalog's speeds.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("scenario", ToolParameterType.String, "The what-if.") { Required = true, Allowed = ["smaller_model", "output_cap", "streaming"] },
        new ToolParameter("target_model", ToolParameterType.String, "For smaller_model: the model that takes the traffic (of the model filter, or of every other model)."),
        ToolParameters.Integer("max_output_tokens", "For output_cap: the cap on output tokens.", 512, 1, 1_000_000),
        ToolParameters.Integer("min_requests", "Models with fewer successful requests that report latency get no fitted latency model.", 10, 3, 1_000_000),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var scenario = context.Arguments.String("scenario")!;
        var cap = context.Arguments.Integer("max_output_tokens")!.Value;
        var minimum = context.Arguments.Integer("min_requests")!.Value;
        var targetName = context.Arguments.String("target_model");
        if (scenario == "smaller_model" && targetName is null)
        {
            throw new ArgumentException("The smaller_model scenario needs target_model.");
        }

        var successful = LatencyFits.Successful(context);
        var fitSample = await LatencyFits.PlanAsync(context, successful with { Models = null }, cancellationToken);
        var fits = await LatencyFits.FitAsync(context, fitSample, minimum, cancellationToken);
        var targetRow = targetName is null ? null : context.Catalog.Find(targetName);
        var targetFit = targetName is null ? null
            : fits.GetValueOrDefault(targetName) ?? fits.Where(f => targetRow is not null && context.Catalog.Find(f.Key)?.Id == targetRow.Id).Select(f => f.Value).FirstOrDefault();
        if (scenario == "smaller_model" && targetFit is null && targetRow is null)
        {
            throw new ArgumentException($"The target_model '{targetName}' has no fitted latency model in the data and is not in the catalog.");
        }

        var simulation = new GainsReplay(context.Catalog, fits, scenario, cap, targetName, targetRow, targetFit);
        var sample = await LatencyFits.PlanAsync(context, successful, cancellationToken);
        await foreach (var e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            simulation.Add(e);
        }

        if (simulation.Before.Count == 0)
        {
            return ToolOutput.Insufficient(
                $"No successful request {context.Scope} reports a latency, so there is nothing to replay.", new { requests = 0 });
        }

        var before = Percentiles(simulation.Before);
        var after = Percentiles(simulation.After);
        var gain50 = before.P50 - after.P50;
        var gain95 = before.P95 - after.P95;
        var what = scenario switch
        {
            "smaller_model" => $"moving {ToolText.Count(simulation.Changed)} requests to {targetRow?.Id ?? targetName}",
            "output_cap" => $"capping output at {ToolText.Count(cap)} tokens ({ToolText.Count(simulation.Changed)} requests exceed it)",
            _ => $"streaming, so users wait only for the first token ({ToolText.Count(simulation.Changed)} requests change)",
        };
        var summary = $"Replaying {ToolText.Count(simulation.Before.Count)} successful requests {context.Scope}: {what} takes latency from {ToolText.Ms(before.P50)} to {ToolText.Ms(after.P50)} at p50 "
            + $"and from {ToolText.Ms(before.P95)} to {ToolText.Ms(after.P95)} at p95 ({ToolText.Ms(Math.Abs(gain95))} {(gain95 >= 0 ? "faster" : "slower")}). "
            + string.Join(" ", simulation.Assumptions.Order(StringComparer.Ordinal))
            + (simulation.Unmodelled > 0 ? $" {ToolText.Count(simulation.Unmodelled)} requests could not be modelled and keep their latency." : "")
            + sample.Sentence;
        var effort = scenario == "smaller_model" ? "medium" : "low";
        return new ToolOutput(summary, new
        {
            definition = "Percentiles are nearest rank over a quantile sketch with at most 0.5% relative error, before and after, over the same successful requests that report latency_ms.",
            scenario,
            target_model = targetRow?.Id ?? targetName,
            max_output_tokens = scenario == "output_cap" ? cap : (long?)null,
            requests = simulation.Before.Count,
            requests_changed = simulation.Changed,
            requests_unmodelled = simulation.Unmodelled,
            before,
            after,
            p50_gain_ms = ToolText.Round(gain50, 1),
            p95_gain_ms = ToolText.Round(gain95, 1),
            assumptions = simulation.Assumptions.Order(StringComparer.Ordinal).ToList(),
            fitted_models = fits.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new
            {
                model = f.Key,
                intercept_ms = ToolText.Round(f.Value.Intercept, 3),
                ms_per_input_token = ToolText.Round(f.Value.MsPerInputToken, 6),
                ms_per_output_token = ToolText.Round(f.Value.MsPerOutputToken, 6),
                r_squared = ToolText.Round(f.Value.RSquared, 6),
            }).ToList(),
            opportunities = gain95 > 0
                ? new[]
                {
                    new
                    {
                        title = scenario switch
                        {
                            "smaller_model" => $"Serve this traffic with {targetRow?.Id ?? targetName}",
                            "output_cap" => $"Cap output at {cap} tokens",
                            _ => "Stream responses",
                        },
                        detail = $"Simulated p95 latency falls from {ToolText.Ms(before.P95)} to {ToolText.Ms(after.P95)} and p50 from {ToolText.Ms(before.P50)} to {ToolText.Ms(after.P50)}; "
                            + "latency_gain_ms is the p95 gain.",
                        latency_gain_ms = ToolText.Round(gain95, 1),
                        effort,
                    },
                }
                : [],
            sampling = sample.View(),
            fit_sampling = fitSample.View(),
        });
    }

    private static LatencyPercentiles Percentiles(LatencySketch sketch) => new(
        ToolText.Round(sketch.Quantile(0.5)!.Value, 1), ToolText.Round(sketch.Quantile(0.95)!.Value, 1), ToolText.Round(sketch.Quantile(0.99)!.Value, 1));

    /// <summary>p50, p95 and p99 of one side of the comparison.</summary>
    private sealed record LatencyPercentiles(double P50, double P95, double P99);
}
