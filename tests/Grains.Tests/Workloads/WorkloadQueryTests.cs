using Microsoft.Extensions.Options;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads;

/// <summary>The query model's definitions, on the embedded store: what a ClickHouse store must reproduce.</summary>
public sealed class WorkloadQueryTests
{
    private readonly EmbeddedWorkloadStore _store = new(Options.Create(new WorkloadOptions()));

    private async Task<WorkloadQueryResult> QueryAsync(WorkloadFilter filter, GroupBy[] groupBy, params Measure[] measures) =>
        await _store.QueryAsync("alice", new WorkloadQuery(filter, groupBy, measures), CancellationToken.None);

    private static string Keys(WorkloadQueryRow row) => string.Join("|", row.Keys.Select(k => k ?? "∅"));

    private Task SeedAsync(params WorkloadEvent[] events) => _store.AppendAsync("alice", events, CancellationToken.None);

    [Fact]
    public async Task Quantiles_are_nearest_rank_so_an_even_median_is_the_lower_one()
    {
        await SeedAsync([.. Enumerable.Range(1, 10).Select(i => Sample.At(i, latency: i * 10))]);
        var latency = WorkloadField.LatencyMs;

        var row = (await QueryAsync(WorkloadFilter.All, [],
            Measure.Quantile(latency, 0), Measure.Quantile(latency, 0.5), Measure.Quantile(latency, 0.9),
            Measure.Quantile(latency, 0.95), Measure.Quantile(latency, 0.99), Measure.Quantile(latency, 1))).Single;

        // n = 10: ranks max(1, ceil(q·10)) = 1, 5, 9, 10, 10, 10.
        Assert.Equal(new double?[] { 10, 50, 90, 100, 100, 100 }, row.Values);
    }

    [Fact]
    public void Quantile_rank_is_the_ceiling_of_level_times_count()
    {
        Assert.Equal(7, Quantiles.Rank(100, 0.07)); // ⌈0.07·100⌉ in doubles is 8: 0.07·100 = 7.000000000000001
        Assert.Equal(2, Quantiles.Rank(4, 0.5));
        Assert.Equal(19, Quantiles.Rank(20, 0.95));
        Assert.Equal(99, Quantiles.Rank(100, 0.99));
        Assert.Equal(1, Quantiles.Rank(3, 0));
        Assert.Null(Quantiles.NearestRank([], 0.5));
    }

    [Fact]
    public void Quantile_rank_equals_the_exact_decimal_nearest_rank_for_every_count_up_to_20000()
    {
        var levels = new[] { 0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1, 0.07, 0.3, 0.123456 };
        for (var n = 1L; n <= 20_000; n++)
        {
            foreach (var q in levels)
            {
                var exact = Math.Max(1, (long)Math.Ceiling((decimal)q * n));
                if (Quantiles.Rank(n, q) != exact)
                {
                    Assert.Fail($"n = {n}, q = {q}: rank {Quantiles.Rank(n, q)}, exact {exact}");
                }
            }
        }
    }

    [Fact]
    public void Quantiles_of_a_histogram_equal_those_of_its_values_written_out()
    {
        var random = new Random(7);
        double[] levels = [0, 0.07, 0.5, 0.9, 0.95, 0.99, 1];
        for (var trial = 0; trial < 200; trial++)
        {
            // Repeated values, given unsorted and some more than once, with empty counts among them.
            var histogram = Enumerable.Range(0, random.Next(1, 30)).Select(_ => ((double)random.Next(0, 12), (long)random.Next(0, 9))).ToList();
            var sorted = histogram.SelectMany(b => Enumerable.Repeat(b.Item1, (int)b.Item2)).Order().ToList();

            var answers = Quantiles.NearestRanks(histogram, levels);

            Assert.Equal(levels.Select(l => Quantiles.NearestRank(sorted, l)), answers);
        }

        Assert.Equal([null, null], Quantiles.NearestRanks([(5, 0)], [0.5, 0.9]));
    }

    [Fact]
    public async Task A_query_without_grouping_returns_one_row_even_when_nothing_matches()
    {
        var row = (await QueryAsync(WorkloadFilter.All, [], Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.LatencyMs))).Single;

        Assert.Equal(new double?[] { 0, 0, null }, row.Values);
    }

    [Fact]
    public async Task Groups_are_ordered_by_key_with_missing_keys_first_and_measures_skip_missing_values()
    {
        await SeedAsync(
            Sample.At(0, model: "b", feature: null, latency: 100, cost: 1m),
            Sample.At(1, model: "b", feature: "x", latency: null, cost: 2m),
            Sample.At(2, model: "a", feature: "x", latency: 300, cost: 4m),
            Sample.At(3, model: "b", feature: "x", latency: 500, cost: 8m));

        var rows = (await QueryAsync(WorkloadFilter.All, [WorkloadDimension.Model, WorkloadDimension.Feature],
            Measure.Count(), Measure.CountValues(WorkloadField.LatencyMs), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.LatencyMs),
            Measure.Min(WorkloadField.LatencyMs), Measure.Max(WorkloadField.LatencyMs))).Rows;

        Assert.Equal(["a|x", "b|∅", "b|x"], rows.Select(Keys));
        Assert.Equal(new double?[] { 2, 1, 10, 500, 500, 500 }, rows[2].Values);
        Assert.Equal(new double?[] { 1, 1, 4, 300, 300, 300 }, rows[0].Values);
    }

    [Fact]
    public async Task Teams_group_and_filter_like_any_other_dimension()
    {
        await SeedAsync(
            Sample.At(0, team: "search", cost: 1m),
            Sample.At(1, team: "support", cost: 2m),
            Sample.At(2, team: "support", cost: 4m),
            Sample.At(3, team: null, cost: 8m));

        var all = (await QueryAsync(WorkloadFilter.All, [WorkloadDimension.Team], Measure.Sum(WorkloadField.CostUsd))).Rows;
        var support = (await QueryAsync(new WorkloadFilter { Teams = ["support"] }, [], Measure.Count())).Single;

        Assert.Equal(["∅", "search", "support"], all.Select(Keys));
        Assert.Equal([8.0, 1.0, 6.0], all.Select(r => r.ValueOrZero(0)));
        Assert.Equal(2, support.ValueOrZero(0));
    }

    [Fact]
    public async Task Time_buckets_hours_and_weekdays_are_computed_in_utc()
    {
        await SeedAsync(Sample.At(59), Sample.At(61), Sample.At((24 * 60 * 6) + 30)); // Monday 00:59, Monday 01:01, Sunday 00:30

        var rows = (await QueryAsync(WorkloadFilter.All,
            [GroupBy.Time(TimeSpan.FromHours(1)), WorkloadDimension.HourOfDay, WorkloadDimension.DayOfWeek], Measure.Count())).Rows;

        Assert.Equal(["2026-11-16T00:00:00Z|00|1", "2026-11-16T01:00:00Z|01|1", "2026-11-22T00:00:00Z|00|7"], rows.Select(Keys));
    }

    [Fact]
    public async Task Filters_take_the_start_inclusive_the_end_exclusive_and_never_match_missing_values()
    {
        await SeedAsync(
            Sample.At(0, feature: "a", latency: 10),
            Sample.At(1, feature: "b", latency: 20),
            Sample.At(2, feature: null, latency: null),
            Sample.At(3, feature: "a", latency: 40, status: "error"));

        async Task<double?> CountAsync(WorkloadFilter filter) => (await QueryAsync(filter, [], Measure.Count())).Single.Values[0];

        Assert.Equal(2, await CountAsync(new WorkloadFilter { From = Sample.T0.AddMinutes(1), To = Sample.T0.AddMinutes(3) }));
        Assert.Equal(2, await CountAsync(new WorkloadFilter { Features = ["a"] }));
        Assert.Equal(1, await CountAsync(new WorkloadFilter { Features = ["a"], Statuses = ["ok"] }));
        Assert.Equal(2, await CountAsync(WorkloadFilter.All.And(WorkloadField.LatencyMs, Comparison.Greater, 10)));
        Assert.Equal(1, await CountAsync(WorkloadFilter.All.And(WorkloadField.LatencyMs, Comparison.LessOrEqual, 10)));
    }

    [Fact]
    public async Task Distinct_counts_ignore_missing_values()
    {
        await SeedAsync(Sample.At(0, endUser: "u1"), Sample.At(1, endUser: "u2"), Sample.At(2, endUser: "u1"), Sample.At(3, endUser: null));

        var row = (await QueryAsync(WorkloadFilter.All, [], Measure.CountDistinct(WorkloadDimension.EndUser))).Single;

        Assert.Equal(2, row.Values[0]);
    }

    [Fact]
    public async Task Malformed_queries_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => QueryAsync(WorkloadFilter.All, []));
        await Assert.ThrowsAsync<ArgumentException>(() => QueryAsync(WorkloadFilter.All, [], Measure.Quantile(WorkloadField.LatencyMs, 1.5)));
        await Assert.ThrowsAsync<ArgumentException>(() => QueryAsync(WorkloadFilter.All, [GroupBy.Time(TimeSpan.FromMilliseconds(1500))], Measure.Count()));
        await Assert.ThrowsAsync<ArgumentException>(() => QueryAsync(WorkloadFilter.All, [], new Measure(MeasureKind.Sum)));
    }
}
