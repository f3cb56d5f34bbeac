using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>
/// What every <see cref="IWorkloadStore"/> does, stated once and run against each store: appends and capacity,
/// datasets, deletes, user isolation, streaming order, and data that looks like SQL staying data.
/// </summary>
public abstract partial class WorkloadStoreContract
{
    protected static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A store (shared or fresh) whose users are isolated by <see cref="ClickHouseStores.NewUser"/>.</summary>
    protected abstract Task<IWorkloadStore> StoreAsync(int maxEventsPerUser = 1_000_000);

    [Fact]
    public async Task Appended_events_stream_back_by_timestamp_then_arrival_with_every_field()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        var full = Sample.At(0, cost: 0.000123456789m, latency: 812.25, ttft: 91.5, endUser: "eu", maxTokens: 512, promptHash: "ph",
            prefix: [1, -2, long.MaxValue], team: "search") with { RequestId = "r1", SessionId = "s1", CacheCreationInputTokens = 7, CacheReadInputTokens = 3 };
        Assert.Equal(4, await store.AppendAsync(user, [Sample.At(5, model: "late"), full, Sample.At(0, model: "tie-2", prefix: []), Sample.At(-1, model: "first")], None));

        var read = await ToListAsync(store.ReadAsync(user, WorkloadFilter.All, None));

        Assert.Equal(["first", full.Model, "tie-2", "late"], read.Select(e => e.Model));
        Assert.Equal(full with { PrefixHashes = null }, read[1] with { PrefixHashes = null });
        Assert.Equal([1, -2, long.MaxValue], read[1].PrefixHashes!);
        Assert.Empty(read[2].PrefixHashes!);
        Assert.Null(read[0].PrefixHashes);
        Assert.Equal(TimeSpan.Zero, read[1].Timestamp.Offset);
    }

    [Fact]
    public async Task A_read_without_prompts_gives_every_other_field_and_prompts_at_most_as_stored()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        var full = Sample.At(0, cost: 0.5m, latency: 812.25, ttft: 91.5, endUser: "eu", maxTokens: 512, promptHash: "ph", prefix: [1, 2], team: "t")
            with { RequestId = "r1", SessionId = "s1", CacheCreationInputTokens = 7, CacheReadInputTokens = 3 };
        await store.AppendAsync(user, [full, Sample.At(1, model: "other")], None);

        var read = await ToListAsync(store.ReadAsync(user, WorkloadFilter.All, prompts: false, None));

        Assert.Equal(["gpt-4o-mini", "other"], read.Select(e => e.Model));
        Assert.Equal(full with { PromptHash = null, PrefixHashes = null }, read[0] with { PromptHash = null, PrefixHashes = null });
        Assert.True(read[0].PromptHash is null or "ph");
        Assert.True(read[0].PrefixHashes is null || read[0].PrefixHashes!.SequenceEqual([1L, 2L]));
    }

    [Fact]
    public async Task Timestamps_are_kept_to_the_millisecond()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(0) with { Timestamp = Sample.T0.AddTicks(12_345_678) }], None);

        var e = Assert.Single(await ToListAsync(store.ReadAsync(user, WorkloadFilter.All, None)));

        Assert.Equal(Sample.T0.AddMilliseconds(1234), e.Timestamp);
    }

    [Fact]
    public async Task Appends_beyond_the_capacity_store_the_first_events_only_across_datasets()
    {
        var (store, user) = (await StoreAsync(maxEventsPerUser: 5), ClickHouseStores.NewUser());
        Assert.Equal(3, await store.AppendAsync(user, [Sample.At(0), Sample.At(1), Sample.At(2, dataset: "b")], None));
        Assert.Equal(2, await store.AppendAsync(user, [Sample.At(3, model: "kept"), Sample.At(4, model: "kept"), Sample.At(5, model: "lost")], None));
        Assert.Equal(0, await store.AppendAsync(user, [Sample.At(6)], None));
        Assert.Empty(await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Models = ["lost"] }, None)));

        Assert.True(await store.DeleteDatasetAsync(user, "b", None));
        Assert.Equal(1, await store.AppendAsync(user, [Sample.At(7), Sample.At(8)], None));
        Assert.Equal(5, (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], [Measure.Count()]), None)).Single.Values[0]);
    }

    [Fact]
    public async Task Datasets_are_listed_by_ordinal_name_with_counts_and_time_ranges()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(10, dataset: "a"), Sample.At(-5, dataset: "a"), Sample.At(3, dataset: "B"), Sample.At(1, dataset: "a-1")], None);

        var datasets = await store.ListDatasetsAsync(user, None);

        Assert.Equal(
            [
                new WorkloadDataset("B", 1, Sample.T0.AddMinutes(3), Sample.T0.AddMinutes(3)),
                new WorkloadDataset("a", 2, Sample.T0.AddMinutes(-5), Sample.T0.AddMinutes(10)),
                new WorkloadDataset("a-1", 1, Sample.T0.AddMinutes(1), Sample.T0.AddMinutes(1)),
            ],
            datasets);
        Assert.Empty(await store.ListDatasetsAsync(ClickHouseStores.NewUser("nobody"), None));
    }

    [Fact]
    public async Task A_deleted_dataset_is_gone_at_once_and_can_be_filled_again()
    {
        var (store, user, other) = (await StoreAsync(), ClickHouseStores.NewUser(), ClickHouseStores.NewUser("other"));
        await store.AppendAsync(user, [Sample.At(0, dataset: "x"), Sample.At(1, dataset: "x"), Sample.At(2, dataset: "y")], None);
        await store.AppendAsync(other, [Sample.At(0, dataset: "x")], None);

        Assert.True(await store.DeleteDatasetAsync(user, "x", None));
        Assert.False(await store.DeleteDatasetAsync(user, "x", None));
        Assert.False(await store.DeleteDatasetAsync(user, "never", None));

        Assert.Equal(["y"], (await store.ListDatasetsAsync(user, None)).Select(d => d.Name));
        Assert.Empty(await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Dataset = "x" }, None)));
        Assert.Equal(1, (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], [Measure.Count()]), None)).Single.Values[0]);
        Assert.Equal(1, (await store.ListDatasetsAsync(other, None)).Single().Events);

        await store.AppendAsync(user, [Sample.At(-10, dataset: "x", model: "again")], None);
        Assert.Equal(["again"], (await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Dataset = "x" }, None))).Select(e => e.Model));
    }

    [Fact]
    public async Task A_user_never_sees_another_users_events()
    {
        var (store, alice, bob) = (await StoreAsync(), ClickHouseStores.NewUser("alice"), ClickHouseStores.NewUser("bob"));
        await store.AppendAsync(alice, [Sample.At(0), Sample.At(1)], None);

        Assert.Empty(await ToListAsync(store.ReadAsync(bob, WorkloadFilter.All, None)));
        Assert.Equal([0d], (await store.QueryAsync(bob, new WorkloadQuery(WorkloadFilter.All, [], [Measure.Count()]), None)).Single.Values);
        Assert.Empty((await store.QueryAsync(bob, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Model], [Measure.Count()]), None)).Rows);
        Assert.False(await store.DeleteDatasetAsync(bob, WorkloadDatasets.Default, None));
    }

    [Fact]
    public async Task Sql_in_names_and_filters_stays_data()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser("o'brien\\ \"x\" ü😀"));
        string[] models = ["x' OR 1=1 --", "back\\slash", "quote\"s", "ünï😀code", "tab\tnew\nline", "nul\0byte", "'); DROP TABLE workload_events; --"];
        await store.AppendAsync(user, [.. models.Select((m, i) => Sample.At(i, model: m, team: m)), Sample.At(9, dataset: "x' OR 1=1 --")], None);

        var byModel = await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Model, WorkloadDimension.Team], [Measure.Count()]), None);
        Assert.Equal(models.Append("gpt-4o-mini").Order(StringComparer.Ordinal), byModel.Rows.Select(r => r.Keys[0]));
        Assert.All(models, m => Assert.Equal(m, byModel.Rows.Single(r => r.Keys[0] == m).Keys[1]));

        foreach (var model in models)
        {
            var filter = new WorkloadFilter { Models = [model], Teams = [model] };
            Assert.Equal([model], (await ToListAsync(store.ReadAsync(user, filter, None))).Select(e => e.Model));
        }

        Assert.Empty(await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Models = ["x' OR '1'='1"] }, None)));
        Assert.Empty(await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Dataset = "x' OR 1=1 --", Models = models }, None)));
        Assert.Single(await ToListAsync(store.ReadAsync(user, new WorkloadFilter { Dataset = "x' OR 1=1 --" }, None)));
        Assert.True(await store.DeleteDatasetAsync(user, "x' OR 1=1 --", None));
        Assert.Equal(models.Length, (await ToListAsync(store.ReadAsync(user, WorkloadFilter.All, None))).Count);
    }

    [Fact]
    public async Task Lists_never_match_a_missing_value_and_an_empty_list_matches_nothing()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(0, team: "a", feature: null), Sample.At(1, team: null, feature: "f"), Sample.At(2, team: "b", feature: "f")], None);

        async Task<double?> Count(WorkloadFilter filter) => (await store.QueryAsync(user, new WorkloadQuery(filter, [], [Measure.Count()]), None)).Single.Values[0];

        Assert.Equal(2, await Count(new WorkloadFilter { Teams = ["a", "b", ""] }));
        Assert.Equal(0, await Count(new WorkloadFilter { Teams = [] }));
        Assert.Equal(1, await Count(new WorkloadFilter { Teams = ["b"], Features = ["f"] }));
        Assert.Equal(0, await Count(new WorkloadFilter { Features = ["F"] }));
    }

    [Fact]
    public async Task Conditions_never_hold_for_a_missing_value()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(0, maxTokens: 100, output: 40, latency: 5), Sample.At(1, maxTokens: null, latency: null), Sample.At(2, maxTokens: 10, output: 10, latency: 7.5)], None);

        async Task<double?> Count(WorkloadField field, Comparison comparison, double value) =>
            (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All.And(field, comparison, value), [], [Measure.Count()]), None)).Single.Values[0];

        Assert.Equal(2, await Count(WorkloadField.UnusedMaxTokens, Comparison.GreaterOrEqual, 0));
        Assert.Equal(1, await Count(WorkloadField.UnusedMaxTokens, Comparison.LessOrEqual, 0));
        Assert.Equal(1, await Count(WorkloadField.LatencyMs, Comparison.Greater, 5));
        Assert.Equal(2, await Count(WorkloadField.LatencyMs, Comparison.Less, double.PositiveInfinity));
        Assert.Equal(0, await Count(WorkloadField.LatencyMs, Comparison.Less, double.NaN));
        Assert.Equal(3, await Count(WorkloadField.PrefixBlocks, Comparison.LessOrEqual, 0));
    }

    [Fact]
    public async Task An_ungrouped_query_over_nothing_gives_one_row_of_zero_counts_and_nulls()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        Measure[] measures =
        [
            Measure.Count(), Measure.CountValues(WorkloadField.LatencyMs), Measure.CountDistinct(WorkloadDimension.Team), Measure.Sum(WorkloadField.CostUsd),
            Measure.Avg(WorkloadField.LatencyMs), Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.MaxTokens), Measure.Quantile(WorkloadField.LatencyMs, 0.5),
        ];

        var result = await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], measures), None);

        Assert.Equal([0d, 0, 0, 0, null, null, null, null], result.Single.Values);
        Assert.Empty((await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Team], measures), None)).Rows);
    }

    [Fact]
    public async Task Quantiles_are_the_nearest_rank_and_missing_values_are_skipped()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [.. new double?[] { 40, 10, null, 30, 20 }.Select((l, i) => Sample.At(i, latency: l))], None);

        var levels = new[] { 0, 0.25, 0.5, 0.75, 0.76, 1 };
        var row = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [], [.. levels.Select(q => Measure.Quantile(WorkloadField.LatencyMs, q))]), None)).Single;

        Assert.Equal([10d, 10, 20, 30, 40, 40], row.Values);
    }

    [Fact]
    public async Task Time_keys_are_utc_buckets_hours_and_iso_weekdays_with_null_keys_first()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(-1, team: "t"), Sample.At(0, team: null), Sample.At(60 * 25 + 59, team: "t")], None);
        GroupBy[] groups = [WorkloadDimension.Team, GroupBy.Time(TimeSpan.FromHours(6)), WorkloadDimension.HourOfDay, WorkloadDimension.DayOfWeek];

        var rows = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, groups, [Measure.Count()]), None)).Rows;

        Assert.Equal(
            [
                [null, "2026-11-16T00:00:00Z", "00", "1"],
                ["t", "2026-11-15T18:00:00Z", "23", "7"],
                ["t", "2026-11-17T00:00:00Z", "01", "2"],
            ],
            rows.Select(r => r.Keys.ToArray()));
    }

    [Fact]
    public async Task Hours_and_weekdays_hold_before_1970_too()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        var before = new DateTimeOffset(1969, 12, 31, 22, 30, 0, 1, TimeSpan.Zero); // a Wednesday
        await store.AppendAsync(user, [Sample.At(0) with { Timestamp = before }, Sample.At(0) with { Timestamp = DateTimeOffset.UnixEpoch.AddMilliseconds(-1) }], None);

        var rows = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.HourOfDay, WorkloadDimension.DayOfWeek], [Measure.Count()]), None)).Rows;

        Assert.Equal([["22", "3"], ["23", "3"]], rows.Select(r => r.Keys.ToArray()));
    }

    [Fact]
    public async Task Time_windows_keep_only_the_events_inside_one_of_them_and_an_empty_list_keeps_none()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [.. Enumerable.Range(0, 10).Select(m => Sample.At(m, model: $"m{m}"))], None);
        var windows = new WorkloadFilter
        {
            Windows = [new(Sample.T0.AddMinutes(1), Sample.T0.AddMinutes(3)), new(Sample.T0.AddMinutes(7), Sample.T0.AddMinutes(8).AddMilliseconds(1))],
        };

        var read = await ToListAsync(store.ReadAsync(user, windows, None));
        var counted = await store.QueryAsync(user, new WorkloadQuery(windows with { Models = ["m2", "m8", "m9"] }, [], [Measure.Count()]), None);
        var none = await store.QueryAsync(user, new WorkloadQuery(new WorkloadFilter { Windows = [] }, [], [Measure.Count()]), None);

        Assert.Equal(["m1", "m2", "m7", "m8"], read.Select(e => e.Model));
        Assert.Equal(2, counted.Single.Values[0]);
        Assert.Equal(0, none.Single.Values[0]);
    }

    [Fact]
    public async Task A_least_group_size_keeps_only_the_groups_that_large()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [Sample.At(0, model: "a"), Sample.At(1, model: "b"), Sample.At(2, model: "b"), Sample.At(3, model: "c"), Sample.At(4, model: "c"), Sample.At(5, model: "c")], None);

        var rows = (await store.QueryAsync(user, new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Model], [Measure.Count()]) { MinGroupEvents = 2 }, None)).Rows;

        Assert.Equal([("b", 2.0), ("c", 3.0)], rows.Select(r => (r.Keys[0]!, r.Values[0]!.Value)));
    }

    protected static async Task<List<WorkloadEvent>> ToListAsync(IAsyncEnumerable<WorkloadEvent> events)
    {
        var list = new List<WorkloadEvent>();
        await foreach (var e in events)
        {
            list.Add(e);
        }

        return list;
    }
}
