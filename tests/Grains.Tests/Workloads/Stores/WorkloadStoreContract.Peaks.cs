using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>The busiest bucket per group (<see cref="WorkloadPeakQuery"/>), on every store.</summary>
public abstract partial class WorkloadStoreContract
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Peaks_are_each_groups_busiest_bucket_the_earliest_of_equals_with_the_buckets_over_the_limits()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user,
        [
            // a: minute 0 has 2 requests (100 tokens), minute 1 has 1 (500), minute 2 has 2 (20): the first 2 wins.
            Sample.At(0, model: "a", input: 40, output: 10), Sample.At(0.5, model: "a", input: 40, output: 10),
            Sample.At(1.2, model: "a", input: 400, output: 100),
            Sample.At(2, model: "a", input: 5, output: 5), Sample.At(2.9, model: "a", input: 5, output: 5),
            // b: one busy minute; null feature sorts first.
            Sample.At(7, model: "b", feature: null), Sample.At(7.1, model: "b", feature: null), Sample.At(7.2, model: "b", feature: null),
            Sample.At(0, model: "b", status: "error", feature: "chat"),
        ], None);
        var query = new WorkloadPeakQuery(
            new WorkloadFilter { Statuses = ["ok"] }, [WorkloadDimension.Model, WorkloadDimension.Feature], Minute, [Measure.Count(), Measure.Sum(WorkloadField.TotalTokens)])
        {
            Above = [1, 400],
        };

        var peaks = await store.PeaksAsync(user, query, None);

        Assert.Equal([["a", "chat"], ["b", null]], peaks.Select(p => p.Keys.ToArray()));
        Assert.Equal((2.0, Sample.T0), (peaks[0].Peaks[0].Value, peaks[0].Peaks[0].At));
        Assert.Equal((500.0, Sample.T0.AddMinutes(1)), (peaks[0].Peaks[1].Value, peaks[0].Peaks[1].At));
        Assert.Equal((3L, 3L), (peaks[0].Buckets, peaks[0].BucketsAbove)); // 2 > 1, 500 > 400, 2 > 1
        Assert.Equal((3.0, Sample.T0.AddMinutes(7), 1L, 1L), (peaks[1].Peaks[0].Value, peaks[1].Peaks[0].At, peaks[1].Buckets, peaks[1].BucketsAbove));
    }

    [Fact]
    public async Task Ungrouped_peaks_are_one_row_over_events_and_none_over_nothing_and_hourly_buckets_agree_with_the_per_bucket_rows()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        await store.AppendAsync(user, [.. Enumerable.Range(0, 200).Select(i => Sample.At(i * 7 % 300, input: i))], None);
        var hourly = new WorkloadPeakQuery(WorkloadFilter.All, [], TimeSpan.FromHours(1), [Measure.Count(), Measure.Sum(WorkloadField.InputTokens)]);

        var peaks = await store.PeaksAsync(user, hourly, None);
        var none = await store.PeaksAsync(user, hourly with { Filter = new WorkloadFilter { Models = ["nobody"] } }, None);
        var expected = hourly.Reduce((await store.QueryAsync(user, hourly.PerBucket, None)).Rows);

        var row = Assert.Single(peaks);
        Assert.Equal(5, row.Buckets);
        Assert.Equal(0, row.BucketsAbove);
        Assert.Equal(expected.Single().Peaks, row.Peaks);
        Assert.Equal(200, (await store.QueryAsync(user, hourly.PerBucket, None)).Rows.Sum(r => r.Values[0]));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Peak_buckets_are_floored_before_1970_too()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        var epoch = DateTimeOffset.UnixEpoch;
        await store.AppendAsync(user,
            [Sample.At(0) with { Timestamp = epoch.AddSeconds(-30) }, Sample.At(0) with { Timestamp = epoch.AddSeconds(-1) }, Sample.At(0) with { Timestamp = epoch.AddSeconds(20) }], None);

        var peak = Assert.Single(await store.PeaksAsync(user, new WorkloadPeakQuery(WorkloadFilter.All, [], Minute, [Measure.Count()]), None));

        Assert.Equal((2.0, epoch.AddMinutes(-1), 2L), (peak.Peaks[0].Value, peak.Peaks[0].At, peak.Buckets));
    }

    [Fact]
    public async Task A_peak_query_takes_counts_and_sums_per_bucket_only()
    {
        var (store, user) = (await StoreAsync(), ClickHouseStores.NewUser());
        var good = new WorkloadPeakQuery(WorkloadFilter.All, [WorkloadDimension.Model], Minute, [Measure.Count()]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PeaksAsync(user, good with { Measures = [Measure.Quantile(WorkloadField.LatencyMs, 0.5)] }, None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PeaksAsync(user, good with { GroupBy = [WorkloadDimension.HourOfDay] }, None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PeaksAsync(user, good with { Bucket = TimeSpan.FromMilliseconds(1500) }, None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PeaksAsync(user, good with { Above = [1, 2] }, None));
        Assert.Empty(await store.PeaksAsync(user, good, None));
    }
}
