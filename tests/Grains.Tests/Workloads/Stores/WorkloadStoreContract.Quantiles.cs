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

    [Fact]
    public async Task Input_token_bins_are_eight_per_power_of_two_and_small_counts_are_their_own_bin()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        long[] inputs = [0, 1, 15, 16, 17, 31, 32, 35, 36, 1000, 1023, 1024, 1151, 1152, 131_071, 131_072, 4_611_686_018_427_387_903, long.MaxValue];
        await store.AppendAsync(user, [.. inputs.Select((v, i) => Sample.At(i, input: v))], None);

        var rows = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.InputTokensBin], [Measure.Count(), Measure.Min(WorkloadField.InputTokens)]), None)).Rows;

        var expected = new Dictionary<string, double>
        {
            ["0"] = 1, ["1"] = 1, ["15"] = 1, ["16"] = 2, ["30"] = 1, ["32"] = 2, ["36"] = 1, ["960"] = 2, ["1024"] = 2, ["1152"] = 1,
            ["122880"] = 1, ["131072"] = 1, ["4323455642275676160"] = 1, ["8646911284551352320"] = 1,
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(), rows.Select(r => new KeyValuePair<string, double>(r.Keys[0]!, r.ValueOrZero(0))).ToList());
        Assert.All(rows.Where(r => r.ValueOrZero(1) < 1e15), r => Assert.Equal(long.Parse(r.Keys[0]!, System.Globalization.CultureInfo.InvariantCulture), TokenBins.Start((long)r.ValueOrZero(1))));
        Assert.Equal([1L, 16, 18, 1024, 1024, 1152, 131_072, 147_456], new long[] { 0, 15, 17, 1000, 1023, 1024, 131_071, 131_072 }.Select(TokenBins.Next));
    }
}
