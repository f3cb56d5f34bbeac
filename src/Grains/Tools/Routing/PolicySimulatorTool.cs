using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// <c>policy_simulator</c>: replays the requests (a stream in timestamp order) under a <see cref="RoutingPolicy"/> and
/// returns the change in cost, latency and the quality proxy, with the escalation cost; <see cref="RoutingModel"/>
/// states the assumptions and <see cref="PolicyReplay"/> does the arithmetic.
/// </summary>
public sealed class PolicySimulatorTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "policy_simulator";

    /// <inheritdoc />
    public string Category => ToolCategories.Routing;

    /// <inheritdoc />
    public string Description =>
        "Replays the workload under a routing policy and returns the change in cost (re-priced from the catalog), latency (mean and p95, scaled by observed "
        + "or catalog model speed) and a quality proxy (catalog quality score weighted by traffic), including the cost of escalating failed routed requests.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        new ToolParameter("policy", ToolParameterType.JsonObject, "The routing policy to replay, as policy_proposer returns it: " + RoutingPolicy.JsonShape) { Required = true },
        new ToolParameter("failure_rate", ToolParameterType.Number,
            "The share of routed requests assumed to fail and be re-run on their original model (rules with escalate_on_failure); by default the observed share of non-ok requests.")
        { Minimum = 0, Maximum = 1 },
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var policy = RoutingPolicy.Parse(context.Arguments.Json("policy")!.Value, context.Catalog);
        var model = await RoutingModel.BuildAsync(context, context.Arguments.Number("failure_rate"), cancellationToken);
        if (model.Requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var replay = new PolicyReplay(policy, model);
        var sample = await ReplaySample.PlanAsync(context, context.Filter, cancellationToken);
        await foreach (var e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            replay.Add(e);
        }

        var o = replay.Outcome();
        var latencyGain = o.BaselineMeanLatencyMs - o.MeanLatencyMs;
        var summary = $"Replaying {ToolText.Count(o.Requests)} requests {context.Scope} under the policy '{o.Policy}' routes {ToolText.Count(o.RoutedRequests)} "
            + $"({ToolText.Percent(o.RoutedShare)}) and changes the cost from {ToolText.Usd(o.BaselineCostUsd)} to {ToolText.Usd(o.CostUsd)} "
            + $"({(o.CostChangeUsd <= 0 ? "a saving of " + ToolText.Usd(-o.CostChangeUsd) : "an increase of " + ToolText.Usd(o.CostChangeUsd))}, "
            + $"including {ToolText.Usd(o.EscalationCostUsd)} for re-running {ToolText.Number(o.ExpectedEscalations, 1)} failed routed requests at a failure rate of {ToolText.Percent(model.FailureRate)}). "
            + (o.P95LatencyMs is { } p95 ? $"p95 latency goes from {ToolText.Ms(o.BaselineP95LatencyMs!.Value)} to {ToolText.Ms(p95)} and the mean from {ToolText.Ms(o.BaselineMeanLatencyMs!.Value)} to {ToolText.Ms(o.MeanLatencyMs!.Value)}. " : "No successful request reports latency, so latency is not simulated. ")
            + (o.Quality is { } q ? $"The traffic-weighted catalog quality score goes from {ToolText.Number(o.BaselineQuality!.Value, 2)} to {ToolText.Number(q, 2)}." : "No request's model is in the catalog, so quality cannot be scored.")
            + sample.Sentence;
        return new ToolOutput(summary, new
        {
            definition = "Cost: the target's catalog price of the request's tokens (cached stay cached) + failure_rate × original cost when the rule escalates. "
                + "Latency (successful requests reporting it): original × (target's observed ms per output token ÷ source's, else source catalog tokens/s ÷ target's, else 1) "
                + "+ failure_rate × original when escalating; p95 is the nearest rank over latencies rounded to the millisecond. Quality: catalog score of the serving model, "
                + "(1 − failure_rate) × target + failure_rate × source when escalating, averaged over requests whose model is in the catalog.",
            policy,
            failure_rate = ToolText.Round(model.FailureRate),
            observed_failure_rate = ToolText.Round(model.ObservedFailureRate),
            outcome = o,
            sampling = sample.View(),
            opportunities = o.CostChangeUsd < 0
                ? new[]
                {
                    new
                    {
                        title = $"Apply the routing policy '{o.Policy}'",
                        detail = $"Routing {ToolText.Percent(o.RoutedShare)} of requests saves {ToolText.Usd(-o.CostChangeUsd)} ({ToolText.Number(o.CostReductionPercent, 1)}%) after escalation"
                            + (o.Quality is { } quality ? $", with the quality score moving from {ToolText.Number(o.BaselineQuality!.Value, 2)} to {ToolText.Number(quality, 2)}." : "."),
                        saving_usd = ToolText.Round(-o.CostChangeUsd * sample.Scale),
                        latency_gain_ms = latencyGain is > 0 ? ToolText.Round(latencyGain.Value, 1) : (double?)null,
                        effort = "medium",
                    },
                }
                : [],
        });
    }
}
