using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Caching;

/// <summary>
/// <c>output_length_analyzer</c>: the distribution of output tokens of successful requests, finish reasons, and a
/// right-sized max_tokens per (model, feature): the p99 output rounded up to a multiple of 64, unless the segment is
/// often cut off at its limit (5% or more ends with <c>length</c>), when the limit should rise instead.
/// </summary>
public sealed class OutputLengthAnalyzerTool : IAnalysisTool
{
    /// <summary>The share of truncated responses above which a segment's limit is too low.</summary>
    public const double TruncationLimit = 0.05;

    private static readonly double[] s_levels = [0.5, 0.9, 0.99];

    /// <inheritdoc />
    public string Name => "output_length_analyzer";

    /// <inheritdoc />
    public string Category => ToolCategories.Caching;

    /// <inheritdoc />
    public string Description =>
        "The distribution of output tokens, finish reasons, and per (model, feature) a right-sized max_tokens from the p99 output, or a warning when responses are often truncated.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload();

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var ok = context.Filter with { Statuses = ["ok"] };
        var output = WorkloadField.OutputTokens;
        Measure[] stats =
        [
            Measure.Count(), Measure.Avg(output), Measure.Max(output),
            Measure.CountValues(WorkloadField.MaxTokens), Measure.Avg(WorkloadField.MaxTokens), Measure.Max(WorkloadField.MaxTokens),
        ];
        GroupBy[] segment = [WorkloadDimension.Model, WorkloadDimension.Feature];

        // One scan of the events: a count per output length and segment, whose sums give every segment's percentiles and
        // the overall ones exactly (few distinct lengths, so few rows). The counts, means and maxima, and the finish reasons
        // per segment (both the overall reasons and each segment's truncations), are sums the hourly rollup can answer.
        var histogramTask = context.QueryAsync(new WorkloadQuery(ok, [.. segment, WorkloadDimension.OutputTokens], [Measure.Count()]), cancellationToken);
        var overallTask = context.QueryAsync(new WorkloadQuery(ok, [], stats), cancellationToken);
        var segmentTask = context.QueryAsync(new WorkloadQuery(ok, segment, stats), cancellationToken);
        var reasonTask = context.QueryAsync(new WorkloadQuery(ok, [.. segment, WorkloadDimension.FinishReason], [Measure.Count()]), cancellationToken);
        await Task.WhenAll(histogramTask, overallTask, segmentTask, reasonTask);
        var overall = (await overallTask).Single;
        var requests = overall.ValueOrZero(0);
        if (requests == 0)
        {
            return ToolOutput.Insufficient($"There are no successful requests {context.Scope}, so there are no outputs to measure.", new { requests = 0 });
        }

        var lengths = (await histogramTask).Rows
            .Select(r => (Segment: (r.Keys[0], r.Keys[1]), Value: double.Parse(r.Keys[2]!, CultureInfo.InvariantCulture), Count: (long)r.ValueOrZero(0))).ToList();
        var percentiles = lengths.GroupBy(l => l.Segment).ToDictionary(g => g.Key, g => Quantiles.NearestRanks(g.Select(l => (l.Value, l.Count)), s_levels));
        var all = Quantiles.NearestRanks(lengths.Select(l => (l.Value, l.Count)), s_levels);
        var reasonRows = (await reasonTask).Rows;
        var reasons = reasonRows.GroupBy(r => ToolQueries.Label(r.Keys[2]), StringComparer.Ordinal)
            .Select(g => (Reason: g.Key, Requests: g.Sum(r => r.ValueOrZero(0)))).OrderBy(g => g.Reason, StringComparer.Ordinal)
            .Select(g => new { finish_reason = g.Reason, requests = (long)g.Requests, share = ToolText.Round(g.Requests / requests) })
            .OrderByDescending(r => r.requests).ToList();
        var truncated = reasonRows.Where(r => r.Keys[2] == "length").ToDictionary(r => Key(r), r => r.ValueOrZero(0));
        var segments = (await segmentTask).Rows.Select(r =>
        {
            var truncatedShare = ToolText.Share(truncated.GetValueOrDefault(Key(r)), r.ValueOrZero(0));
            // A segment whose events arrived between the two reads has no lengths yet: no recommendation, nothing to lower.
            var p = percentiles.GetValueOrDefault((r.Keys[0], r.Keys[1])) ?? new double?[s_levels.Length];
            long? recommended = p[2] is { } p99 ? (long)Math.Max(64, Math.Ceiling(p99 / 64) * 64) : null;
            var current = r.Values[5];
            var action = truncatedShare >= TruncationLimit ? "raise" : current is { } c && c >= 2 * recommended ? "lower" : "keep";
            return new SegmentRow(Key(r), (long)r.ValueOrZero(0), p[0], p[2], r.Values[2], current, ToolText.Round(truncatedShare),
                action == "raise" ? null : recommended, action);
        }).OrderBy(s => s.Action == "keep").ThenByDescending(s => s.Requests).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        var lower = segments.Where(s => s.Action == "lower").ToList();
        var raise = segments.Where(s => s.Action == "raise").ToList();
        var length = reasons.FirstOrDefault(r => r.finish_reason == "length")?.requests ?? 0;
        var summary = $"Successful responses {context.Scope} have a median of {ToolText.Count(all[0] ?? 0)} output tokens (p90 {ToolText.Count(all[1] ?? 0)}, "
            + $"p99 {ToolText.Count(all[2] ?? 0)}, max {ToolText.Count(overall.ValueOrZero(2))}); {ToolText.Percent(length / requests)} were cut off at max_tokens. "
            + (raise.Count > 0 ? $"{raise.Count} segment{(raise.Count == 1 ? " is" : "s are")} truncated often enough to raise the limit, such as {raise[0].Name} ({ToolText.Percent(raise[0].TruncatedShare)} cut off). " : "")
            + (lower.Count > 0 ? $"{lower.Count} segment{(lower.Count == 1 ? " reserves" : "s reserve")} at least twice what they use, such as {lower[0].Name}: max_tokens {ToolText.Count(lower[0].MaxTokens!.Value)} where {ToolText.Count(lower[0].RecommendedMaxTokens!.Value)} covers its p99." : "")
            + (raise.Count + lower.Count == 0 ? "Every segment's max_tokens fits its outputs." : "");
        return new ToolOutput(summary, new
        {
            definition = "Over successful requests; recommended max_tokens = nearest-rank p99 of output tokens rounded up to a multiple of 64; 'raise' when at least 5% of a segment ends with finish_reason length, 'lower' when its largest max_tokens is at least twice the recommendation.",
            requests = (long)requests,
            mean_output_tokens = ToolText.Round(overall.ValueOrZero(1), 1),
            p50_output_tokens = all[0],
            p90_output_tokens = all[1],
            p99_output_tokens = all[2],
            max_output_tokens = overall.Values[2],
            finish_reasons = reasons,
            segments,
        });
    }

    private static string Key(WorkloadQueryRow row) => $"{ToolQueries.Label(row.Keys[0])} / {ToolQueries.Label(row.Keys[1])}";

    /// <summary>Output against max_tokens in one (model, feature) segment.</summary>
    private sealed record SegmentRow(
        string Name, long Requests, double? P50Output, double? P99Output, double? MaxOutput, double? MaxTokens, double TruncatedShare, long? RecommendedMaxTokens, string Action);
}
