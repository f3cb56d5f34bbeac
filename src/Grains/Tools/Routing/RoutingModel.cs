using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// What the routing tools assume when a request moves from one model to another, measured from the store:
/// <list type="bullet">
/// <item>Cost: the target's catalog price of the request's tokens (cached tokens stay cached), plus, when the rule
/// escalates, the failure share × the original cost (the failed share is re-run on the original model).</item>
/// <item>Latency: the original latency × a speed ratio: the target's observed mean ms per output token over the
/// source's (successful requests that report latency) when both have data, else the source's catalog tokens/s over the
/// target's, else 1; plus the failure share × the original latency when the rule escalates.</item>
/// <item>Quality: the catalog quality score of the model that serves, weighted by traffic: (1 − f) × target + f × source
/// with escalation, over requests whose original model is in the catalog.</item>
/// </list>
/// The failure share f is a parameter; by default the workload's observed share of non-ok requests.
/// </summary>
internal sealed class RoutingModel
{
    private readonly Dictionary<string, double> _msPerOutputToken;

    private RoutingModel(ModelCatalog catalog, Dictionary<string, double> msPerOutputToken, double failureRate, double observedFailureRate, long requests)
    {
        Catalog = catalog;
        _msPerOutputToken = msPerOutputToken;
        FailureRate = failureRate;
        ObservedFailureRate = observedFailureRate;
        Requests = requests;
    }

    public ModelCatalog Catalog { get; }

    /// <summary>The share of routed requests assumed to fail and escalate.</summary>
    public double FailureRate { get; }

    /// <summary>The workload's share of non-ok requests.</summary>
    public double ObservedFailureRate { get; }

    /// <summary>The requests in scope.</summary>
    public long Requests { get; }

    /// <summary>Measures the latency rates and failure share of the context's events.</summary>
    public static async Task<RoutingModel> BuildAsync(ToolContext context, double? failureRate, CancellationToken cancellationToken)
    {
        var statusTask = context.QueryAsync([WorkloadDimension.Status], [Measure.Count()], cancellationToken);
        var rateTask = LatencyAndOutputAsync(context, cancellationToken);
        await Task.WhenAll(statusTask, rateTask);
        var statuses = (await statusTask).Rows;
        var requests = (long)statuses.Sum(r => r.ValueOrZero(0));
        var failed = statuses.Where(r => r.Keys[0] != "ok").Sum(r => r.ValueOrZero(0));
        var sums = new Dictionary<string, (double Latency, double Output)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, latency, output) in await rateTask)
        {
            var key = Key(context.Catalog, name);
            var (l, o) = sums.GetValueOrDefault(key);
            sums[key] = (l + latency, o + output);
        }

        var rates = sums.Where(s => s.Value.Output > 0).ToDictionary(s => s.Key, s => s.Value.Latency / s.Value.Output, StringComparer.OrdinalIgnoreCase);
        var observed = ToolText.Share(failed, requests);
        return new RoutingModel(context.Catalog, rates, failureRate ?? observed, observed, requests);
    }

    /// <summary>
    /// Per model, the latency and output tokens summed over its successful requests that report a latency (ingestion
    /// refuses a negative one, and the condition <c>latency_ms ≥ 0</c> still guards the scan). A model all of whose
    /// successful requests report a non-negative latency takes both sums from counts and sums the hourly rollup answers;
    /// only the other models are summed under the condition, which reads every event.
    /// </summary>
    private static async Task<List<(string? Model, double Latency, double Output)>> LatencyAndOutputAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var successful = context.Filter with { Statuses = ["ok"] };
        var totals = (await context.QueryAsync(
            new WorkloadQuery(successful, [WorkloadDimension.Model],
                [Measure.Count(), Measure.CountValues(WorkloadField.LatencyMs), Measure.Min(WorkloadField.LatencyMs), Measure.Sum(WorkloadField.LatencyMs), Measure.Sum(WorkloadField.OutputTokens)]),
            cancellationToken)).Rows;
        static bool Whole(WorkloadQueryRow r) => r.ValueOrZero(1) == r.ValueOrZero(0) && r.Values[2] is >= 0;
        var sums = totals.Where(Whole).Select(r => (r.Keys[0], r.ValueOrZero(3), r.ValueOrZero(4))).ToList();
        var partial = totals.Where(r => !Whole(r) && r.ValueOrZero(1) > 0 && r.Keys[0] is not null).Select(r => r.Keys[0]!).ToList();
        if (partial.Count > 0)
        {
            var timed = (successful with { Models = partial }).And(WorkloadField.LatencyMs, Comparison.GreaterOrEqual, 0);
            var rows = (await context.QueryAsync(
                new WorkloadQuery(timed, [WorkloadDimension.Model], [Measure.Sum(WorkloadField.LatencyMs), Measure.Sum(WorkloadField.OutputTokens)]), cancellationToken)).Rows;
            sums.AddRange(rows.Select(r => (r.Keys[0], r.ValueOrZero(0), r.ValueOrZero(1))));
        }

        return sums;
    }

    /// <summary>The observed mean ms per output token of a model, if it has data.</summary>
    public double? MsPerOutputToken(string model) => _msPerOutputToken.TryGetValue(Key(Catalog, model), out var rate) ? rate : null;

    /// <summary>The factor a request's latency is multiplied by when it moves from <paramref name="from"/> to <paramref name="to"/>, and its basis.</summary>
    public (double Factor, string Basis) LatencyScale(string from, CatalogModel to)
    {
        if (MsPerOutputToken(from) is { } fromRate and > 0 && MsPerOutputToken(to.Id) is { } toRate)
        {
            return (toRate / fromRate, "observed");
        }

        return Catalog.Find(from) is { TokensPerSecond: > 0 } source && to.TokensPerSecond > 0
            ? (source.TokensPerSecond / to.TokensPerSecond, "catalog")
            : (1, "none");
    }

    private static string Key(ModelCatalog catalog, string? model) => catalog.Find(model)?.Id ?? model ?? "";
}
