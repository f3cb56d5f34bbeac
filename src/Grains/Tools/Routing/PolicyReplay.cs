using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// The simulator's core: replays requests one at a time under a <see cref="RoutingPolicy"/> with the assumptions of
/// <see cref="RoutingModel"/>, keeping the baseline and the routed figures side by side. Memory is bounded by the
/// latency counts, the rules and the distinct model names, not by the requests. Each rule's target and each model
/// name's catalog entry and latency factors are looked up once, since the proposers replay every request under
/// every frontier policy.
/// </summary>
internal sealed class PolicyReplay
{
    private readonly RoutingPolicy _policy;
    private readonly RoutingModel _model;
    private readonly LatencyCounts _baselineLatency = new();
    private readonly LatencyCounts _latency = new();
    private readonly RuleStats[] _rules;
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private double _baselineQuality;
    private double _quality;
    private long _qualityRequests;

    public PolicyReplay(RoutingPolicy policy, RoutingModel model)
    {
        _policy = policy;
        _model = model;
        _rules = [.. policy.Rules.Select((r, i) => new RuleStats(i + 1, r, model.Catalog.Find(r.TargetModel)))];
    }

    public RoutingPolicy Policy => _policy;

    public long Requests { get; private set; }

    public long RoutedRequests { get; private set; }

    public double BaselineCostUsd { get; private set; }

    public double CostUsd { get; private set; }

    public double EscalatedRequests { get; private set; }

    public double EscalationCostUsd { get; private set; }

    public void Add(WorkloadEvent e)
    {
        Requests++;
        var cost = (double)(e.CostUsd ?? 0);
        var from = SourceOf(e.Model);
        var source = from.Model;
        var index = _policy.MatchIndex(e.Feature, e.Model, e.InputTokens);
        var stats = index < 0 ? null : _rules[index];
        var target = stats?.Target;
        var routed = target is not null && target.Id != source?.Id;
        var f = routed && stats!.Rule.EscalateOnFailure ? _model.FailureRate : 0;
        var newCost = routed ? (double)target!.Cost(e.InputTokens, e.CacheReadInputTokens, e.OutputTokens) + (f * cost) : cost;
        BaselineCostUsd += cost;
        CostUsd += newCost;
        if (source is not null)
        {
            _qualityRequests++;
            _baselineQuality += source.QualityScore;
            _quality += routed ? ((1 - f) * target!.QualityScore) + (f * source.QualityScore) : source.QualityScore;
        }

        if (e.Status == "ok" && e.LatencyMs is { } latency)
        {
            _baselineLatency.Add(latency);
            _latency.Add(routed ? (latency * from.Factor(index, e.Model, target!, _model)) + (f * latency) : latency);
        }

        if (routed)
        {
            RoutedRequests++;
            EscalatedRequests += f;
            EscalationCostUsd += f * cost;
            stats!.Requests++;
            stats.CostUsd += cost;
            stats.RoutedCostUsd += newCost;
        }
    }

    /// <summary>The figures of the replay.</summary>
    public PolicyOutcome Outcome() => new(
        _policy.Name ?? "policy",
        Requests,
        RoutedRequests,
        ToolText.Round(ToolText.Share(RoutedRequests, Requests)),
        ToolText.Round(BaselineCostUsd),
        ToolText.Round(CostUsd),
        ToolText.Round(CostUsd - BaselineCostUsd),
        ToolText.Round(100 * ToolText.Share(BaselineCostUsd - CostUsd, BaselineCostUsd), 2),
        Round(_baselineLatency.Mean),
        Round(_latency.Mean),
        _baselineLatency.Quantile(0.95),
        _latency.Quantile(0.95),
        _qualityRequests == 0 ? null : ToolText.Round(_baselineQuality / _qualityRequests, 4),
        _qualityRequests == 0 ? null : ToolText.Round(_quality / _qualityRequests, 4),
        ToolText.Round(EscalatedRequests, 4),
        ToolText.Round(EscalationCostUsd),
        [.. _rules.Select(r => r.View())]);

    private static double? Round(double? value) => value is { } v ? ToolText.Round(v, 4) : null;

    private Source SourceOf(string modelName)
    {
        if (!_sources.TryGetValue(modelName, out var source))
        {
            source = new Source(_model.Catalog.Find(modelName), _rules.Length);
            _sources[modelName] = source;
        }

        return source;
    }

    /// <summary>A model name's catalog entry, and its latency factor to each rule's target once asked.</summary>
    private sealed class Source(CatalogModel? model, int rules)
    {
        private readonly double?[] _factors = new double?[rules];

        public CatalogModel? Model => model;

        public double Factor(int rule, string from, CatalogModel target, RoutingModel routing) =>
            _factors[rule] ??= routing.LatencyScale(from, target).Factor;
    }

    /// <summary>What one rule moved.</summary>
    private sealed class RuleStats(int index, RoutingRule rule, CatalogModel? target)
    {
        public RoutingRule Rule => rule;

        public CatalogModel? Target => target;

        public long Requests { get; set; }

        public double CostUsd { get; set; }

        public double RoutedCostUsd { get; set; }

        public RuleOutcome View() => new(index, rule, Requests, ToolText.Round(CostUsd), ToolText.Round(RoutedCostUsd), ToolText.Round(CostUsd - RoutedCostUsd));
    }
}

/// <summary>A policy's replayed figures against the baseline.</summary>
internal sealed record PolicyOutcome(
    string Policy,
    long Requests,
    long RoutedRequests,
    double RoutedShare,
    double BaselineCostUsd,
    double CostUsd,
    double CostChangeUsd,
    double CostReductionPercent,
    double? BaselineMeanLatencyMs,
    double? MeanLatencyMs,
    double? BaselineP95LatencyMs,
    double? P95LatencyMs,
    double? BaselineQuality,
    double? Quality,
    double ExpectedEscalations,
    double EscalationCostUsd,
    IReadOnlyList<RuleOutcome> Rules);

/// <summary>What one rule of a replayed policy moved.</summary>
internal sealed record RuleOutcome(int Rule, RoutingRule Definition, long Requests, double CostUsd, double RoutedCostUsd, double SavingUsd);
