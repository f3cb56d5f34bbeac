using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// The <see cref="SegmentEstimate"/> figures of every (feature, model, status) per <see cref="WorkloadDimension.InputTokensBin"/>,
/// from one scan, so the requests under any bin edge of any segment are a sum of whole bins: the proposers' thresholds are
/// bin edges (<see cref="Threshold"/>), and each (segment, threshold) no longer needs a scan of its own.
/// </summary>
internal sealed class SegmentBins
{
    private readonly List<(WorkloadQueryRow Row, long Start)> _rows;

    private SegmentBins(List<(WorkloadQueryRow Row, long Start)> rows) => _rows = rows;

    /// <summary>
    /// The routing threshold of a segment whose input-token quantile is <paramref name="quantile"/>: the first bin edge
    /// above it (<see cref="TokenBins.Next(long)"/>), so the quantile's request is included. That is quantile + 1 below
    /// 16 tokens and at most one eighth of the quantile more above.
    /// </summary>
    public static long Threshold(double quantile) => TokenBins.Next((long)quantile);

    /// <summary>Reads the bins of <paramref name="features"/> under <paramref name="maxThreshold"/> in <paramref name="filter"/>.</summary>
    public static async Task<SegmentBins> LoadAsync(
        ToolContext context, WorkloadFilter filter, IReadOnlyList<string> features, long maxThreshold, CancellationToken cancellationToken)
    {
        if (features.Count == 0)
        {
            return new SegmentBins([]);
        }

        var scoped = (filter with { Features = features }).And(WorkloadField.InputTokens, Comparison.Less, maxThreshold);
        GroupBy[] groupBy = [WorkloadDimension.Feature, WorkloadDimension.Model, WorkloadDimension.Status, WorkloadDimension.InputTokensBin];
        var rows = (await context.QueryAsync(new WorkloadQuery(scoped, groupBy, SegmentEstimate.Measures), cancellationToken)).Rows;
        return new SegmentBins([.. rows.Select(r => (r, long.Parse(r.Keys[3]!, CultureInfo.InvariantCulture)))]);
    }

    /// <summary>
    /// The segment rows (per model) of <paramref name="feature"/>'s requests, on <paramref name="model"/> only when it is
    /// set, with fewer input tokens than <paramref name="threshold"/> (a bin edge).
    /// </summary>
    public List<SegmentRow> Below(string feature, string? model, long threshold) => SegmentEstimate.FromRows(
        _rows.Where(r => r.Start < threshold && r.Row.Keys[0] == feature && (model is null || r.Row.Keys[1] == model)).Select(r => r.Row), 1, 2);
}
