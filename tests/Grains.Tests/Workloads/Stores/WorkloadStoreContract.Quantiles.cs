using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>Quantiles of many group sizes and levels, against the textbook nearest rank in exact decimal arithmetic.</summary>
public abstract partial class WorkloadStoreContract
{
    /// <summary>The levels the tools ask for, and a few whose double is not exactly the decimal.</summary>
    public static readonly double[] ToolLevels = [0, 0.01, 0.05, 0.07, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    /// <summary>The 1-based nearest rank max(1, ⌈q·n⌉) of the level as written, in decimal arithmetic.</summary>
    public static long ExactNearestRank(long count, double level) => Math.Max(1, (long)Math.Ceiling((decimal)level * count));

    [Fact]
    public async Task Every_group_size_and_level_gives_the_exact_nearest_rank_on_several_fields_at_once()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        long[] sizes = [1, 2, 3, 4, 5, 7, 10, 20, 99, 100, 101, 200, 999, 1000, 1001, 2000];
        var events = new List<WorkloadEvent>();
        foreach (var n in sizes)
        {
            // Distinct values in a scrambled order, so the answer names its rank.
            events.AddRange(Enumerable.Range(0, (int)n).Select(i => (i * 7919L) % n).Select(v =>
                Sample.At(v, latency: v * 1.5, output: 3 * v, feature: $"n{n:D4}")));
        }

        await store.AppendAsync(user, events, None);
        Measure[] measures = [.. ToolLevels.Select(q => Measure.Quantile(WorkloadField.LatencyMs, q)), Measure.Quantile(WorkloadField.OutputTokens, 0.5),
            Measure.Quantile(WorkloadField.OutputTokens, 0.99), Measure.Count()];

        var rows = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Feature], measures), None)).Rows;

        Assert.Equal(sizes.Length, rows.Count);
        foreach (var (n, row) in sizes.Zip(rows))
        {
            Assert.Equal($"n{n:D4}", row.Keys[0]);
            var expected = ToolLevels.Select(q => (double?)((ExactNearestRank(n, q) - 1) * 1.5))
                .Concat([3 * (ExactNearestRank(n, 0.5) - 1), 3 * (ExactNearestRank(n, 0.99) - 1), n]);
            Assert.Equal(expected, row.Values);
        }
    }
}
