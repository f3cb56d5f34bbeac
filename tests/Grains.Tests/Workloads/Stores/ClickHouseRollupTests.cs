using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Embedded;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>
/// The rollups of the ClickHouse store (hourly, and by input-token bin): the queries they serve read them, give the
/// events' answer, and fall back to the events when a deletion marker cuts one of their rows (migrations: <see cref="ClickHouseMigrationTests"/>). Each test
/// has a database of its own, since some change the rollup table directly.
/// </summary>
public sealed class ClickHouseRollupTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly WorkloadQuery s_byModelAndHour = new(
        new WorkloadFilter { From = Sample.T0, To = Sample.T0.AddHours(48) },
        [WorkloadDimension.Model, WorkloadDimension.Status, GroupBy.Time(TimeSpan.FromHours(1))],
        [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.LatencyMs), Measure.Min(WorkloadField.TtftMs),
         Measure.Max(WorkloadField.TotalTokens), Measure.CountValues(WorkloadField.MaxTokens), Measure.Sum(WorkloadField.UnusedMaxTokens)]);

    private static readonly WorkloadQuery s_byHourOfDay = new(
        new WorkloadFilter { Models = ["gpt-4o", "claude"], Statuses = ["ok"] },
        [WorkloadDimension.HourOfDay, WorkloadDimension.DayOfWeek, WorkloadDimension.Feature],
        [Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Max(WorkloadField.LatencyMs)])
    { MinGroupEvents = 2 };

    private static readonly WorkloadQuery s_total = new(WorkloadFilter.All, [], [Measure.Count(), Measure.Sum(WorkloadField.OutputTokens)]);

    /// <summary>The routing proposers' bins: every (feature, model, status) per input-token bin, with their estimate's sums.</summary>
    private static readonly WorkloadQuery s_bins = new(
        new WorkloadFilter { From = Sample.T0, To = Sample.T0.AddHours(48), Statuses = ["ok", "error"] },
        [WorkloadDimension.Feature, WorkloadDimension.Model, WorkloadDimension.Status, WorkloadDimension.InputTokensBin],
        [Measure.Count(), Measure.Sum(WorkloadField.InputTokens), Measure.Sum(WorkloadField.CacheReadInputTokens), Measure.Sum(WorkloadField.OutputTokens),
         Measure.Sum(WorkloadField.CostUsd), Measure.CountValues(WorkloadField.LatencyMs), Measure.Avg(WorkloadField.LatencyMs)]);

    [Fact]
    public void The_rollup_serves_additive_measures_by_its_keys_and_whole_hours_only()
    {
        Assert.True(ClickHouseRollup.Hourly.Serves(s_byModelAndHour));
        Assert.True(ClickHouseRollup.Hourly.Serves(s_byHourOfDay));
        Assert.True(ClickHouseRollup.Hourly.Serves(s_total));

        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { Measures = [Measure.Quantile(WorkloadField.LatencyMs, 0.5)] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { Measures = [Measure.CountDistinct(WorkloadDimension.EndUser)] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { GroupBy = [WorkloadDimension.EndUser] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { GroupBy = [WorkloadDimension.InputTokensBin] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { GroupBy = [WorkloadDimension.OutputTokens] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { GroupBy = [GroupBy.Time(TimeSpan.FromMinutes(30))] }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { Filter = new WorkloadFilter { From = Sample.T0.AddMinutes(1) } }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { Filter = WorkloadFilter.All.And(WorkloadField.LatencyMs, Comparison.Greater, 1) }));
        Assert.False(ClickHouseRollup.Hourly.Serves(s_total with { Filter = new WorkloadFilter { EndUsers = ["a"] } }));
    }

    [Fact]
    public void The_bins_rollup_serves_input_token_bins_by_its_few_keys_and_the_fields_it_sums()
    {
        Assert.False(ClickHouseRollup.Hourly.Serves(s_bins));
        Assert.Same(ClickHouseRollup.Bins, ClickHouseRollup.For(s_bins));
        Assert.Same(ClickHouseRollup.Bins, ClickHouseRollup.For(new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.InputTokensBin], [Measure.Count(), Measure.Sum(WorkloadField.CostUsd)])));
        Assert.Same(ClickHouseRollup.Hourly, ClickHouseRollup.For(s_total));

        Assert.False(ClickHouseRollup.Bins.Serves(s_bins with { GroupBy = [WorkloadDimension.Provider, WorkloadDimension.InputTokensBin] }));
        Assert.False(ClickHouseRollup.Bins.Serves(s_bins with { Filter = new WorkloadFilter { Teams = ["a"] } }));
        Assert.False(ClickHouseRollup.Bins.Serves(s_bins with { Measures = [Measure.Max(WorkloadField.InputTokens)] }));
        Assert.False(ClickHouseRollup.Bins.Serves(s_bins with { Measures = [Measure.Sum(WorkloadField.TtftMs)] }));
        Assert.False(ClickHouseRollup.Bins.Serves(s_bins with { Filter = WorkloadFilter.All.And(WorkloadField.LatencyMs, Comparison.Greater, 1) }));
        Assert.Null(ClickHouseRollup.For(s_bins with { Measures = [Measure.Quantile(WorkloadField.InputTokens, 0.5)] }));
    }

    [Fact]
    public async Task Answers_by_input_token_bin_match_the_embedded_store_and_come_from_the_bins_rollup()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, embedded, events) = await SeedBothAsync(db);

        var expected = await embedded.QueryAsync(user, s_bins, None);
        Assert.True(expected.Rows.Count > 20);
        AssertSame(expected, await db.Store.QueryAsync(user, s_bins, None));
        var hourly = new WorkloadQuery(
            new WorkloadFilter { Models = ["gpt-4o", "claude"] },
            [GroupBy.Time(TimeSpan.FromHours(6)), WorkloadDimension.InputTokensBin],
            [Measure.Count(), Measure.Sum(WorkloadField.OutputTokens)])
        { MinGroupEvents = 2 };
        Assert.Same(ClickHouseRollup.Bins, ClickHouseRollup.For(hourly));
        AssertSame(await embedded.QueryAsync(user, hourly, None), await db.Store.QueryAsync(user, hourly, None));

        await db.ExecuteAsync($"TRUNCATE TABLE {db.Name}.{ClickHouseRollup.Bins.Table}");
        Assert.Empty((await db.Store.QueryAsync(user, s_bins, None)).Rows);
        Assert.Equal(events.Count, (await db.Store.QueryAsync(user, s_total, None)).Single.Values[0]); // the hourly rollup is untouched
    }

    [Fact]
    public async Task A_marker_that_cuts_only_a_bins_row_sends_queries_by_bin_to_the_events()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var user = ClickHouseStores.NewUser();

        // One insert, one bin, two providers: the hourly rollup has a row per provider, the bins rollup one for both.
        await db.Store.AppendAsync(user, [Sample.At(1, provider: "openai"), Sample.At(2, provider: "azure")], None);
        var rows = await db.QueryAsync($"SELECT max(seq) AS s FROM {db.Name}.{ClickHouseSchema.Events} WHERE user_id = '{user}'");
        await db.ExecuteAsync($"INSERT INTO {db.Name}.{ClickHouseSchema.Deletions} (user_id, dataset, before_seq, deleted_at) VALUES ('{user}', 'default', {rows.Trim()}, now())");

        string Straddled(ClickHouseRollup rollup) => rollup.StraddledSql(db.Name, user).Replace(" FORMAT JSONEachRow", "", StringComparison.Ordinal);
        Assert.Equal("0\n", await db.QueryAsync(Straddled(ClickHouseRollup.Hourly)));
        Assert.Equal("1\n", await db.QueryAsync(Straddled(ClickHouseRollup.Bins)));
        var byBin = new WorkloadQuery(WorkloadFilter.All, [WorkloadDimension.InputTokensBin], [Measure.Count()]);
        Assert.Equal(1, (await db.Store.QueryAsync(user, byBin, None)).Single.Values[0]);
        Assert.Equal(1, (await db.Store.QueryAsync(user, s_total, None)).Single.Values[0]);
    }

    [Fact]
    public async Task Rolled_up_answers_match_the_embedded_store_and_come_from_the_rollup()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, embedded, events) = await SeedBothAsync(db);

        foreach (var query in new[] { s_byModelAndHour, s_byHourOfDay, s_total })
        {
            AssertSame(await embedded.QueryAsync(user, query, None), await db.Store.QueryAsync(user, query, None));
        }

        // Emptied behind the store's back, the rollup answers nothing, while a percentile still reads the events.
        await db.ExecuteAsync($"TRUNCATE TABLE {db.Name}.{ClickHouseRollup.Hourly.Table}");
        Assert.Equal(0, (await db.Store.QueryAsync(user, s_total, None)).Single.Values[0]);
        var median = s_total with { Measures = [Measure.Count(), Measure.Quantile(WorkloadField.LatencyMs, 0.5)] };
        Assert.Equal(events.Count, (await db.Store.QueryAsync(user, median, None)).Single.Values[0]);
    }

    [Fact]
    public async Task A_deletion_marker_that_cuts_a_rollup_row_sends_the_users_queries_to_the_events()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var user = ClickHouseStores.NewUser();
        var other = ClickHouseStores.NewUser();
        await db.Store.AppendAsync(user, Events(), None);
        await db.Store.AppendAsync(other, Events(), None);
        var count = (await db.Store.QueryAsync(user, s_total, None)).Single.Values[0];

        // As if another process's insert had been stamped around the marker: hide all but the last two events.
        var rows = await db.QueryAsync($"SELECT max(seq) - 1 AS s FROM {db.Name}.{ClickHouseSchema.Events} WHERE user_id = '{user}'");
        await db.ExecuteAsync($"INSERT INTO {db.Name}.{ClickHouseSchema.Deletions} (user_id, dataset, before_seq, deleted_at) VALUES ('{user}', 'default', {rows.Trim()}, now())");

        Assert.Equal(count, Events().Count);
        Assert.Equal(2, (await db.Store.QueryAsync(user, s_total, None)).Single.Values[0]);
        Assert.Equal(count, (await db.Store.QueryAsync(other, s_total, None)).Single.Values[0]);
    }

    /// <summary>A new user's <see cref="Events"/>, appended to <paramref name="db"/>'s store and to an embedded store.</summary>
    private static async Task<(string User, EmbeddedWorkloadStore Embedded, List<WorkloadEvent> Events)> SeedBothAsync(ClickHouseTestDatabase db)
    {
        var user = ClickHouseStores.NewUser();
        var embedded = new EmbeddedWorkloadStore(Microsoft.Extensions.Options.Options.Create(new WorkloadOptions()));
        var events = Events();
        await db.Store.AppendAsync(user, events, None);
        await embedded.AppendAsync(user, events, None);
        return (user, embedded, events);
    }

    /// <summary>Two days of events over several models, statuses and features, with fields missing here and there.</summary>
    internal static List<WorkloadEvent> Events()
    {
        var models = new[] { "gpt-4o", "claude", "gpt-4o-mini" };
        var events = new List<WorkloadEvent>();
        for (var i = 0; i < 240; i++)
        {
            events.Add(Sample.At(
                i * 12.5, model: models[i % 3], input: 50 + (i * 37 % 900), output: 5 + (i * 13 % 300),
                status: i % 11 == 0 ? "error" : "ok", cost: i % 7 == 0 ? null : 0.0001m * (i % 17),
                latency: i % 5 == 0 ? null : 100 + (i * 7.25), ttft: i % 4 == 0 ? null : 10 + i, feature: i % 9 == 0 ? null : $"f{i % 3}",
                maxTokens: i % 2 == 0 ? 512 : null, provider: i % 3 == 1 ? "anthropic" : "openai"));
        }

        return events;
    }

    private static void AssertSame(WorkloadQueryResult expected, WorkloadQueryResult actual)
    {
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            Assert.Equal(expected.Rows[i].Keys, actual.Rows[i].Keys);
            for (var m = 0; m < expected.Rows[i].Values.Count; m++)
            {
                var (e, a) = (expected.Rows[i].Values[m], actual.Rows[i].Values[m]);
                Assert.Equal(e is null, a is null);
                Assert.Equal(e ?? 0, a ?? 0, Math.Abs(e ?? 0) * 1e-9 + 1e-12);
            }
        }
    }

    internal static async Task WaitAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 100 && !await done(); i++)
        {
            await Task.Delay(100);
        }
    }
}
