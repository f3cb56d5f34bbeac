using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Framework;

/// <summary>Small pieces the tools share: counting, labels for missing keys, and parsing time keys.</summary>
public static class ToolQueries
{
    /// <summary>How a null group key reads in tables.</summary>
    public const string None = "(none)";

    /// <summary>The number of events in the context's filter.</summary>
    public static async Task<long> CountAsync(ToolContext context, CancellationToken cancellationToken) =>
        (long)(await context.QueryAsync([], [Measure.Count()], cancellationToken)).Single.ValueOrZero(0);

    /// <summary>The answer of a tool that found no events.</summary>
    public static ToolOutput NoEvents(ToolContext context) => ToolOutput.Insufficient(
        $"There are no requests {context.Scope}, so there is nothing to analyse. Ingest events, or choose another dataset or time range.",
        new { requests = 0 });

    /// <summary>A key, or <see cref="None"/> when it is null.</summary>
    public static string Label(string? key) => key ?? None;

    /// <summary>A <see cref="WorkloadDimension.TimeBucket"/> key as a time.</summary>
    public static DateTimeOffset ParseTime(string? key) =>
        WorkloadValues.ParseBucket(key ?? throw new ArgumentNullException(nameof(key)));

    /// <summary>
    /// Every bucket from the first to the last key of <paramref name="rows"/> (grouped by one time bucket of
    /// <paramref name="size"/>), with empty buckets given <c>null</c> rows, so a series has no gaps.
    /// </summary>
    public static IEnumerable<(DateTimeOffset Start, WorkloadQueryRow? Row)> Contiguous(IReadOnlyList<WorkloadQueryRow> rows, TimeSpan size)
    {
        if (rows.Count == 0)
        {
            yield break;
        }

        var byStart = rows.ToDictionary(r => ParseTime(r.Keys[0]));
        var last = ParseTime(rows[^1].Keys[0]);
        for (var start = ParseTime(rows[0].Keys[0]); start <= last; start += size)
        {
            yield return (start, byStart.GetValueOrDefault(start));
        }
    }

    /// <summary>The median of <paramref name="values"/> by nearest rank (see <see cref="Quantiles"/>).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return Quantiles.NearestRank(sorted, 0.5) ?? 0;
    }
}
