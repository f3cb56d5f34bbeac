using System.Globalization;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// The <see cref="SegmentEstimate"/> figures of every (feature, model, status) per <see cref="WorkloadDimension.InputTokensBin"/>,
/// from one scan. The proposers' thresholds are bin edges, so both a threshold (<see cref="Threshold"/>)
/// and the requests under it (<see cref="Below"/>) are sums of whole bins, and neither a quantile nor a (segment, threshold)
/// needs a scan of its own.
/// </summary>
internal sealed class SegmentBins
{
    private readonly List<(WorkloadQueryRow Row, long Start)> _rows;

    private SegmentBins(List<(WorkloadQueryRow Row, long Start)> rows) => _rows = rows;

    /// <summary>Reads the bins of every segment of <paramref name="filter"/>.</summary>
    public static async Task<SegmentBins> LoadAsync(ToolContext context, WorkloadFilter filter, CancellationToken cancellationToken)
    {
        GroupBy[] groupBy = [WorkloadDimension.Feature, WorkloadDimension.Model, WorkloadDimension.Status, WorkloadDimension.InputTokensBin];
        var rows = (await context.QueryAsync(new WorkloadQuery(filter, groupBy, SegmentEstimate.Measures), cancellationToken)).Rows;
        return new SegmentBins([.. rows.Select(r => (r, long.Parse(r.Keys[3]!, CultureInfo.InvariantCulture)))]);
    }

    /// <summary>
    /// The routing threshold of the nearest-rank <paramref name="level"/> quantile (<see cref="Quantiles"/>) of the input
    /// tokens of <paramref name="feature"/>'s requests, on <paramref name="model"/> only when it is set; null when there are
    /// none. It is the first bin edge above the quantile (<see cref="TokenBins.Next(long)"/>), so the quantile's request is
    /// included: quantile + 1 below 16 tokens and at most one eighth of the quantile more above. The quantile is one
    /// request's input tokens, held by the first bin whose running count passes its rank, so no value is needed beyond the
    /// bins' counts.
    /// </summary>
    public long? Threshold(string feature, string? model, double level)
    {
        var bins = _rows.Where(r => r.Row.Keys[0] == feature && (model is null || r.Row.Keys[1] == model))
            .GroupBy(r => r.Start).Select(g => (Start: g.Key, Count: (long)g.Sum(r => r.Row.ValueOrZero(0)))).OrderBy(b => b.Start).ToList();
        var total = bins.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var index = Quantiles.Index(total, level);
        long below = 0;
        foreach (var (start, count) in bins)
        {
            below += count;
            if (below > index)
            {
                return TokenBins.Next(start);
            }
        }

        throw new InvalidOperationException("The running count always passes the quantile's index.");
    }

    /// <summary>
    /// The segment rows (per model) of <paramref name="feature"/>'s requests, on <paramref name="model"/> only when it is
    /// set, with fewer input tokens than <paramref name="threshold"/> (a bin edge).
    /// </summary>
    public List<SegmentRow> Below(string feature, string? model, long threshold) => SegmentEstimate.FromRows(
        _rows.Where(r => r.Start < threshold && r.Row.Keys[0] == feature && (model is null || r.Row.Keys[1] == model)).Select(r => r.Row), 1, 2);
}
