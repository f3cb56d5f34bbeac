using Microsoft.Extensions.Options;
using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads;

public sealed class EmbeddedWorkloadStoreTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    private static EmbeddedWorkloadStore NewStore(int max = 1_000) => new(Options.Create(new WorkloadOptions { MaxEventsPerUser = max }));

    [Fact]
    public async Task Datasets_list_their_event_counts_and_time_ranges_by_name()
    {
        var store = NewStore();
        await store.AppendAsync("alice", [Sample.At(5, dataset: "prod"), Sample.At(1, dataset: "prod"), Sample.At(3)], s_none);

        var datasets = await store.ListDatasetsAsync("alice", s_none);

        Assert.Equal(["default", "prod"], datasets.Select(d => d.Name));
        Assert.Equal(2, datasets[1].Events);
        Assert.Equal(Sample.T0.AddMinutes(1), datasets[1].FirstTimestamp);
        Assert.Equal(Sample.T0.AddMinutes(5), datasets[1].LastTimestamp);
    }

    [Fact]
    public async Task A_user_never_sees_or_deletes_another_users_events()
    {
        var store = NewStore();
        await store.AppendAsync("alice", [Sample.At(0, dataset: "secret"), Sample.At(1, dataset: "secret")], s_none);

        Assert.Empty(await store.ListDatasetsAsync("bob", s_none));
        Assert.Equal(0, (await store.QueryAsync("bob", new WorkloadQuery(WorkloadFilter.All, [], [Measure.Count()]), s_none)).Single.Values[0]);
        Assert.Empty(await ToListAsync(store.ReadAsync("bob", WorkloadFilter.All, s_none)));
        Assert.False(await store.DeleteDatasetAsync("bob", "secret", s_none));
        Assert.Equal(2, (await store.ListDatasetsAsync("alice", s_none))[0].Events);
    }

    [Fact]
    public async Task Appends_beyond_the_users_capacity_store_a_prefix_and_say_how_many()
    {
        var store = NewStore(max: 3);

        var first = await store.AppendAsync("alice", [Sample.At(0), Sample.At(1)], s_none);
        var second = await store.AppendAsync("alice", [Sample.At(2), Sample.At(3), Sample.At(4)], s_none);
        var other = await store.AppendAsync("bob", [Sample.At(0), Sample.At(1), Sample.At(2)], s_none);

        Assert.Equal((2, 1, 3), (first, second, other));
        Assert.Equal(3, (await store.ListDatasetsAsync("alice", s_none)).Sum(d => d.Events));
    }

    [Fact]
    public async Task Deleting_a_dataset_removes_its_events_and_frees_capacity()
    {
        var store = NewStore(max: 2);
        await store.AppendAsync("alice", [Sample.At(0, dataset: "a"), Sample.At(1, dataset: "b")], s_none);

        Assert.True(await store.DeleteDatasetAsync("alice", "a", s_none));

        Assert.Equal(["b"], (await store.ListDatasetsAsync("alice", s_none)).Select(d => d.Name));
        Assert.Equal(1, await store.AppendAsync("alice", [Sample.At(2, dataset: "c")], s_none));
        Assert.False(await store.DeleteDatasetAsync("alice", "a", s_none));
    }

    [Fact]
    public async Task Reads_stream_in_timestamp_order_with_ties_in_arrival_order()
    {
        var store = NewStore();
        await store.AppendAsync("alice", [Sample.At(2, endUser: "late"), Sample.At(1, endUser: "tie-1", dataset: "x")], s_none);
        await store.AppendAsync("alice", [Sample.At(1, endUser: "tie-2"), Sample.At(0, endUser: "first")], s_none);

        var order = (await ToListAsync(store.ReadAsync("alice", WorkloadFilter.All, s_none))).Select(e => e.EndUser);

        Assert.Equal(["first", "tie-1", "tie-2", "late"], order);
    }

    [Fact]
    public async Task Timestamps_are_kept_to_the_millisecond()
    {
        var store = NewStore();
        var at = Sample.T0.AddTicks(12_345_678); // 1.2345678 s
        await store.AppendAsync("alice", [Sample.At(0) with { Timestamp = at }], s_none);

        var stored = (await ToListAsync(store.ReadAsync("alice", WorkloadFilter.All, s_none)))[0];

        Assert.Equal(Sample.T0.AddMilliseconds(1_234), stored.Timestamp);
    }

    [Fact]
    public async Task Concurrent_appends_lose_no_event()
    {
        var store = NewStore(max: 100_000);

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), async (i, token) =>
            await store.AppendAsync(i % 2 == 0 ? "alice" : "bob", [.. Enumerable.Range(0, 250).Select(j => Sample.At(j))], token));

        Assert.Equal(5_000, (await store.ListDatasetsAsync("alice", s_none)).Sum(d => d.Events));
        Assert.Equal(5_000, (await store.ListDatasetsAsync("bob", s_none)).Sum(d => d.Events));
    }

    [Fact]
    public async Task Queries_during_appends_see_whole_events_and_never_fewer_than_before()
    {
        var store = NewStore(max: 200_000);
        var filter = new WorkloadFilter { Models = ["gpt-4o-mini", "gpt-4o"] };
        var query = new WorkloadQuery(filter, [WorkloadDimension.Model], [Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Max(WorkloadField.OutputTokens)]);
        var appends = Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                await store.AppendAsync("alice", [.. Enumerable.Range(0, 250).Select(j => Sample.At(j, model: j % 2 == 0 ? "gpt-4o" : "gpt-4o-mini", input: 3, output: 7))], s_none);
            }
        });

        long last = 0;
        while (!appends.IsCompleted)
        {
            var rows = (await store.QueryAsync("alice", query, s_none)).Rows;
            var count = (long)rows.Sum(r => r.ValueOrZero(0));
            Assert.True(count >= last, $"a query saw {count} events after one saw {last}");
            Assert.All(rows, r => Assert.Equal(3 * r.ValueOrZero(0), r.ValueOrZero(1))); // every row counted is a whole event
            Assert.All(rows, r => Assert.Equal(7, r.Values[2]));
            last = count;
        }

        await appends;
        Assert.Equal(100_000, (long)(await store.QueryAsync("alice", query, s_none)).Rows.Sum(r => r.ValueOrZero(0)));
    }

    [Fact]
    public async Task Groupings_too_wide_to_combine_into_one_number_still_group_exactly()
    {
        // Two one-second buckets over 1970 to 2100: each has about 2^32 possible values, too many for one 64-bit key.
        var store = NewStore();
        var early = Sample.At(0) with { Timestamp = DateTimeOffset.FromUnixTimeSeconds(5) };
        var late = Sample.At(0) with { Timestamp = new DateTimeOffset(2100, 1, 1, 0, 0, 7, TimeSpan.Zero) };
        await store.AppendAsync("alice", [early, late, late, early, early], s_none);

        var rows = (await store.QueryAsync(
            "alice", new WorkloadQuery(WorkloadFilter.All, [GroupBy.Time(TimeSpan.FromSeconds(1)), GroupBy.Time(TimeSpan.FromSeconds(1))], [Measure.Count()]), s_none)).Rows;

        Assert.Equal(
            [("1970-01-01T00:00:05Z", 3.0), ("2100-01-01T00:00:07Z", 2.0)],
            rows.Select(r => (r.Keys[0]!, r.ValueOrZero(0))));
        Assert.All(rows, r => Assert.Equal(r.Keys[0], r.Keys[1]));
    }

    [Fact]
    public async Task Distinct_counts_per_group_hold_when_groups_times_values_are_too_many_for_a_bitmap()
    {
        // 6,000 end users × 6,000 sessions: 36 million (group, value) pairs, past the bitmap's limit.
        var store = NewStore(max: 30_000);
        var events = Enumerable.Range(0, 6_000).SelectMany(i => new[]
        {
            Sample.At(i % 60, endUser: $"u{i}") with { SessionId = $"s{i}" },
            Sample.At(i % 60, endUser: $"u{i}") with { SessionId = $"s{(i + 1) % 6_000}" },
            Sample.At(i % 60, endUser: $"u{i}") with { SessionId = $"s{i}" },
            Sample.At(i % 60, endUser: $"u{i}") with { SessionId = null },
        }).ToList();
        await store.AppendAsync("alice", events, s_none);

        var rows = (await store.QueryAsync(
            "alice", new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.EndUser], [Measure.CountDistinct(WorkloadDimension.SessionId), Measure.Count()]), s_none)).Rows;

        Assert.Equal(6_000, rows.Count);
        Assert.All(rows, r => Assert.Equal((2.0, 4.0), (r.ValueOrZero(0), r.ValueOrZero(1))));
    }

    [Fact]
    public async Task A_shared_dataset_answers_like_a_copy_and_a_users_append_or_delete_touches_only_their_own()
    {
        var store = NewStore(max: 10_000);
        var plain = NewStore(max: 10_000);
        IReadOnlyList<WorkloadEvent> demo = [.. Enumerable.Range(0, 500).Select(i => Sample.At(i % 97, model: i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini", input: i, dataset: "demo"))];
        Assert.Equal(500, await store.AppendSharedAsync("alice", demo, s_none));
        Assert.Equal(500, await store.AppendSharedAsync("bob", demo, s_none));
        Assert.Equal(500, await store.AppendSharedAsync("carol", demo, s_none));
        await plain.AppendAsync("alice", demo, s_none);
        var query = new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.Model], [Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Quantile(WorkloadField.InputTokens, 0.9)]);

        await store.AppendAsync("alice", [Sample.At(3, model: "gpt-4o", input: 1_000_000, dataset: "demo")], s_none);
        await store.DeleteDatasetAsync("bob", "demo", s_none);

        Assert.Equal(
            (await plain.QueryAsync("alice", query, s_none)).Rows.Select(r => (r.Keys[0], r.Values[0], r.Values[1], r.Values[2])),
            (await store.QueryAsync("carol", query, s_none)).Rows.Select(r => (r.Keys[0], r.Values[0], r.Values[1], r.Values[2])));
        Assert.Equal(501, (await store.ListDatasetsAsync("alice", s_none)).Single().Events);
        Assert.Empty(await store.ListDatasetsAsync("bob", s_none));
        Assert.Equal(500, (await store.ListDatasetsAsync("carol", s_none)).Single().Events);
        Assert.Equal(
            (await ToListAsync(plain.ReadAsync("alice", WorkloadFilter.All, s_none))).Select(e => e.InputTokens),
            (await ToListAsync(store.ReadAsync("carol", WorkloadFilter.All, s_none))).Select(e => e.InputTokens));
    }

    [Fact]
    public async Task Shared_data_that_does_not_fit_or_meets_existing_events_is_appended_as_usual()
    {
        var store = NewStore(max: 300);
        IReadOnlyList<WorkloadEvent> demo = [.. Enumerable.Range(0, 500).Select(i => Sample.At(i, dataset: "demo"))];
        await store.AppendAsync("bob", [Sample.At(0)], s_none);

        Assert.Equal(300, await store.AppendSharedAsync("alice", demo, s_none));
        Assert.Equal(299, await store.AppendSharedAsync("bob", demo, s_none));
        Assert.Equal(300, (await store.ListDatasetsAsync("bob", s_none)).Sum(d => d.Events));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
