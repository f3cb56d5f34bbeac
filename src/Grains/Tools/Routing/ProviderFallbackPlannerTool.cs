using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// <c>provider_fallback_planner</c>: for each (model, provider) route in use, an ordered chain of other observed routes
/// whose catalog quality is within a tolerance, whose failure rate (error, timeout, rate_limited) is lower and whose
/// p95 latency is acceptable; and the availability it adds, assuming failures are independent: a request fails only
/// when the primary and every fallback fail, so availability = 1 − f₀·f₁·…·fₙ.
/// </summary>
public sealed class ProviderFallbackPlannerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "provider_fallback_planner";

    /// <inheritdoc />
    public string Category => ToolCategories.Routing;

    /// <inheritdoc />
    public string Description =>
        "Builds fallback chains from error, timeout and rate-limit rates and p95 latency per provider and model: for each primary model, the observed alternatives "
        + "of similar catalog quality with lower failure rates and acceptable latency, in order, and the expected availability gain.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("quality_tolerance", "The most catalog quality score points a fallback may lose against the primary.", 5, 0, 100),
        ToolParameters.Number("latency_factor", "A fallback's p95 latency may be at most this many times the primary's.", 1.5, 1, 100),
        ToolParameters.Integer("max_chain", "The most fallbacks per primary.", 3, 1, 10),
        ToolParameters.Integer("min_requests", "Routes with fewer requests are not trusted as fallbacks.", 20, 1, 1_000_000));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var statuses = context.QueryAsync([WorkloadDimension.Model, WorkloadDimension.Provider, WorkloadDimension.Status], [Measure.Count()], cancellationToken);
        var latencies = context.QueryAsync(
            new WorkloadQuery(context.Filter with { Statuses = ["ok"] }, [WorkloadDimension.Model, WorkloadDimension.Provider], [Measure.Quantile(WorkloadField.LatencyMs, 0.95)]), cancellationToken);
        await Task.WhenAll(statuses, latencies);
        var rows = (await statuses).Rows;
        if (rows.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var latency = (await latencies).Rows
            .ToDictionary(r => (ToolQueries.Label(r.Keys[0]), ToolQueries.Label(r.Keys[1])), r => r.Values[0]);
        var routes = rows.GroupBy(r => (Model: ToolQueries.Label(r.Keys[0]), Provider: ToolQueries.Label(r.Keys[1]))).Select(g =>
        {
            long Count(string status) => (long)g.Where(r => r.Keys[2] == status).Sum(r => r.ValueOrZero(0));
            var requests = (long)g.Sum(r => r.ValueOrZero(0));
            var failed = requests - Count("ok");
            return new Route(g.Key.Model, g.Key.Provider, requests, Count("error"), Count("timeout"), Count("rate_limited"), ToolText.Round(ToolText.Share(failed, requests)),
                latency.GetValueOrDefault(g.Key), context.Catalog.Find(g.Key.Model)?.QualityScore);
        }).OrderByDescending(r => r.Requests).ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Provider, StringComparer.Ordinal).ToList();

        var tolerance = a.Number("quality_tolerance")!.Value;
        var factor = a.Number("latency_factor")!.Value;
        var minRequests = a.Integer("min_requests")!.Value;
        var plans = routes.Select(primary =>
        {
            var chain = routes
                .Where(r => r != primary && r.Requests >= minRequests && r.FailureRate < primary.FailureRate)
                .Where(r => primary.Quality is { } pq && r.Quality is { } rq && rq >= pq - tolerance)
                .Where(r => primary.P95LatencyMs is not { } pp || r.P95LatencyMs is not { } rp || rp <= factor * pp)
                .OrderBy(r => r.FailureRate).ThenBy(r => r.P95LatencyMs ?? double.MaxValue).ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Provider, StringComparer.Ordinal)
                .Take((int)a.Integer("max_chain")!.Value).ToList();
            var residual = chain.Aggregate(primary.FailureRate, (f, r) => f * r.FailureRate);
            var gain = primary.FailureRate - residual;
            var untested = primary.Quality is { } q
                ? context.Catalog.Models.Where(m => m.QualityScore >= q - tolerance && !routes.Any(r => context.Catalog.Find(r.Model)?.Id == m.Id))
                    .OrderByDescending(m => m.QualityScore).ThenBy(m => m.Id, StringComparer.Ordinal).Take(3).Select(m => m.Id).ToList()
                : [];
            return new Plan(primary.Model, primary.Provider, primary.Requests, primary.FailureRate, [.. chain.Select(r => $"{r.Model} / {r.Provider}")],
                ToolText.Round(1 - primary.FailureRate), ToolText.Round(1 - residual), ToolText.Round(gain), ToolText.Round(primary.Requests * gain), untested);
        }).ToList();

        var total = routes.Sum(r => r.Requests);
        var before = ToolText.Share(plans.Sum(p => p.Requests * p.AvailabilityBefore), total);
        var after = ToolText.Share(plans.Sum(p => p.Requests * p.AvailabilityAfter), total);
        var best = plans.Where(p => p.RecoveredRequests > 0).OrderByDescending(p => p.RecoveredRequests).ThenBy(p => p.Model, StringComparer.Ordinal).ToList();
        var summary = $"{routes.Count} (model, provider) routes served {ToolText.Count(total)} requests {context.Scope} with a traffic-weighted availability of {ToolText.Percent(before)}. "
            + (best.Count == 0
                ? "No route has an observed alternative of similar quality with a lower failure rate and acceptable latency, so no fallback chain is proposed."
                : $"Fallback chains for {best.Count} of them would lift it to {ToolText.Percent(after)} (failures assumed independent), recovering about "
                    + $"{ToolText.Number(best.Sum(p => p.RecoveredRequests), 0)} failed requests; the most for {best[0].Model} / {best[0].Provider} "
                    + $"({ToolText.Percent(best[0].AvailabilityBefore)} → {ToolText.Percent(best[0].AvailabilityAfter)}) via {string.Join(" then ", best[0].Chain)}.");
        return new ToolOutput(summary, new
        {
            definition = "failure_rate = (error + timeout + rate_limited) / requests per (model, provider); p95 = nearest rank over successful requests. A fallback has catalog "
                + "quality ≥ primary − quality_tolerance, a lower failure rate, p95 ≤ latency_factor × primary's, and at least min_requests requests; availability with a chain "
                + "= 1 − Π failure rates (independent failures).",
            routes,
            plans,
            availability_before = ToolText.Round(before),
            availability_after = ToolText.Round(after),
            opportunities = best.Take(5).Select(p => new
            {
                title = $"Add a fallback chain for {p.Model} / {p.Provider}",
                detail = $"On failure, retry on {string.Join(", then ", p.Chain)}: availability {ToolText.Percent(p.AvailabilityBefore)} → {ToolText.Percent(p.AvailabilityAfter)}, "
                    + $"about {ToolText.Number(p.RecoveredRequests, 0)} of its {ToolText.Count(p.Requests)} requests recovered.",
                effort = "medium",
            }).ToList(),
        });
    }

    /// <summary>One (model, provider) route's reliability.</summary>
    private sealed record Route(string Model, string Provider, long Requests, long Errors, long Timeouts, long RateLimited, double FailureRate, double? P95LatencyMs, double? Quality);

    /// <summary>A primary route's fallback chain.</summary>
    private sealed record Plan(
        string Model, string Provider, long Requests, double FailureRate, List<string> Chain, double AvailabilityBefore, double AvailabilityAfter,
        double AvailabilityGain, double RecoveredRequests, List<string> UntestedAlternatives);
}
