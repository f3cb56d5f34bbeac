using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>prompt_length_analyzer</c>: the distribution of input tokens (nearest-rank quantiles and a histogram with
/// power-of-two bins), the share of long-context requests, and how much of each model's context window prompts use.
/// </summary>
public sealed class PromptLengthAnalyzerTool : IAnalysisTool
{
    /// <summary>The histogram's bin edges in tokens; the last bin is open.</summary>
    public static readonly long[] BinEdges = [0, 256, 512, 1_024, 2_048, 4_096, 8_192, 16_384, 32_768, 65_536, 131_072];

    /// <inheritdoc />
    public string Name => "prompt_length_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "The distribution of input tokens (p50, p90, p99, max and a histogram), the share of long-context requests and their cost, and context-window use per model.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("long_context_tokens", "A request is long-context at or above this many input tokens.", 32_768, 1, 10_000_000));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var input = WorkloadField.InputTokens;
        Measure[] stats = [Measure.Count(), Measure.Avg(input), Measure.Quantile(input, 0.5), Measure.Quantile(input, 0.9), Measure.Quantile(input, 0.99), Measure.Max(input), Measure.Sum(WorkloadField.CostUsd)];
        var threshold = context.Arguments.Integer("long_context_tokens")!.Value;

        // One scan each, at once: the overall figures, the per-model figures, and the requests and cost per
        // InputTokensBin, whose bins never straddle a power of two, so they add up to the histogram's bins exactly
        // (and to the long-context figures when the threshold is a bin edge, as the default 32,768 is).
        var overallTask = context.QueryAsync([], stats, cancellationToken);
        var modelTask = context.QueryAsync([WorkloadDimension.Model], stats, cancellationToken);
        var binTask = context.QueryAsync([WorkloadDimension.InputTokensBin], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)], cancellationToken);
        var longTask = TokenBins.Start(threshold) == threshold ? null : context.QueryAsync(
            new WorkloadQuery(context.Filter.And(input, Comparison.GreaterOrEqual, threshold), [], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), cancellationToken);
        await Task.WhenAll(new Task[] { overallTask, modelTask, binTask, longTask ?? Task.CompletedTask });
        var overall = (await overallTask).Single;
        var requests = overall.ValueOrZero(0);
        if (requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var bins = (await binTask).Rows.Select(r => (Start: long.Parse(r.Keys[0]!, CultureInfo.InvariantCulture), Requests: r.ValueOrZero(0), Cost: r.ValueOrZero(1))).ToList();
        var histogram = new List<object>();
        for (var i = 0; i < BinEdges.Length; i++)
        {
            var (from, to) = (BinEdges[i], i + 1 < BinEdges.Length ? BinEdges[i + 1] : (long?)null);
            var count = bins.Where(b => b.Start >= from && (to is null || b.Start < to)).Sum(b => b.Requests);
            histogram.Add(new { from_tokens = from, to_tokens = to, requests = (long)count, share = ToolText.Round(count / requests) });
        }

        var longRequests = bins.Where(b => b.Start >= threshold).ToList();
        var longRow = longTask is null
            ? new WorkloadQueryRow([], [longRequests.Sum(b => b.Requests), longRequests.Sum(b => b.Cost)])
            : (await longTask).Single;
        var models = (await modelTask).Rows.Select(r =>
        {
            var window = context.Catalog.Find(r.Keys[0])?.ContextWindow;
            return new
            {
                model = ToolQueries.Label(r.Keys[0]),
                requests = (long)r.ValueOrZero(0),
                p50_input_tokens = r.Values[2],
                p99_input_tokens = r.Values[4],
                max_input_tokens = r.Values[5],
                context_window = window,
                p99_window_use = window is { } w ? ToolText.Round(r.ValueOrZero(4) / w) : (double?)null,
                max_window_use = window is { } m ? ToolText.Round(r.ValueOrZero(5) / m) : (double?)null,
            };
        }).OrderByDescending(m => m.p99_window_use ?? -1).ThenBy(m => m.model, StringComparer.Ordinal).ToList();

        var fullest = models.FirstOrDefault(m => m.p99_window_use is not null);
        var summary = $"Prompts {context.Scope} have a median of {ToolText.Count(overall.ValueOrZero(2))} input tokens (mean {ToolText.Count(overall.ValueOrZero(1))}, "
            + $"p90 {ToolText.Count(overall.ValueOrZero(3))}, p99 {ToolText.Count(overall.ValueOrZero(4))}, max {ToolText.Count(overall.ValueOrZero(5))}). "
            + $"{ToolText.Count(longRow.ValueOrZero(0))} requests ({ToolText.Percent(longRow.ValueOrZero(0) / requests)}) are long-context (at least {ToolText.Count(threshold)} tokens), "
            + $"making {ToolText.Percent(ToolText.Share(longRow.ValueOrZero(1), overall.ValueOrZero(6)))} of spend."
            + (fullest is null ? " No model in use is in the catalog, so context-window use is unknown."
                : $" The fullest context window is {fullest.model}'s: its p99 prompt fills {ToolText.Percent(fullest.p99_window_use!.Value)} of {ToolText.Count(fullest.context_window!.Value)} tokens (max {ToolText.Percent(fullest.max_window_use!.Value)}).");
        return new ToolOutput(summary, new
        {
            requests = (long)requests,
            mean_input_tokens = ToolText.Round(overall.ValueOrZero(1), 1),
            p50_input_tokens = overall.Values[2],
            p90_input_tokens = overall.Values[3],
            p99_input_tokens = overall.Values[4],
            max_input_tokens = overall.Values[5],
            histogram,
            long_context_tokens = threshold,
            long_context_requests = (long)longRow.ValueOrZero(0),
            long_context_share = ToolText.Round(longRow.ValueOrZero(0) / requests),
            long_context_cost_share = ToolText.Round(ToolText.Share(longRow.ValueOrZero(1), overall.ValueOrZero(6))),
            by_model = models,
        });
    }
}
