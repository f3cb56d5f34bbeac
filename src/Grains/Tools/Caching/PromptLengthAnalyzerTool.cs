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
        var overall = (await context.QueryAsync([], stats, cancellationToken)).Single;
        var requests = overall.ValueOrZero(0);
        if (requests == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var histogram = new List<object>();
        for (var i = 0; i < BinEdges.Length; i++)
        {
            var filter = context.Filter.And(input, Comparison.GreaterOrEqual, BinEdges[i]);
            filter = i + 1 < BinEdges.Length ? filter.And(input, Comparison.Less, BinEdges[i + 1]) : filter;
            var count = (await context.QueryAsync(new WorkloadQuery(filter, [], [Measure.Count()]), cancellationToken)).Single.ValueOrZero(0);
            histogram.Add(new { from_tokens = BinEdges[i], to_tokens = i + 1 < BinEdges.Length ? BinEdges[i + 1] : (long?)null, requests = (long)count, share = ToolText.Round(count / requests) });
        }

        var threshold = context.Arguments.Integer("long_context_tokens")!.Value;
        var longRow = (await context.QueryAsync(
            new WorkloadQuery(context.Filter.And(input, Comparison.GreaterOrEqual, threshold), [], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)]), cancellationToken)).Single;
        var models = (await context.QueryAsync([WorkloadDimension.Model], stats, cancellationToken)).Rows.Select(r =>
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
