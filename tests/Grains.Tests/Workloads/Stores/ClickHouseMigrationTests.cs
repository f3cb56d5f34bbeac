using Netra.Grains.Tests.Support;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.ClickHouse;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tests.Workloads.Stores;

/// <summary>
/// Upgrading a ClickHouse database that holds events: from the first schema (no rollup), the second (String columns
/// and their rollup) or the third (LowCardinality columns, the rollup built again) to the fourth (the rollup by
/// input-token bin beside it). Every event arrives once, the rollup
/// counts it once, the legacy tables are emptied, and neither a re-run after a crash nor a second process repeats anything.
/// </summary>
public sealed class ClickHouseMigrationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WorkloadQuery s_total = new(WorkloadFilter.All, [], [Measure.Count(), Measure.Sum(WorkloadField.OutputTokens)]);
    private static readonly WorkloadQuery s_byFeature = new(WorkloadFilter.All, [WorkloadDimension.Feature, WorkloadDimension.Model], [Measure.Count(), Measure.Quantile(WorkloadField.LatencyMs, 0.5)]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_database_of_an_earlier_schema_moves_its_events_once_and_rolls_them_up_once(int version)
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, events) = await SeedAsync(db);
        var expected = await db.Store.QueryAsync(user, s_byFeature, None);
        await BackToAsync(db, version);

        using var upgraded = ClickHouseStores.Create(db.Server.Url, db.Name);
        await upgraded.MigrateAsync(None);

        Assert.Equal(events.Count, (await upgraded.QueryAsync(user, s_total, None)).Single.Values[0]);
        Assert.Equal(Rows(expected), Rows(await upgraded.QueryAsync(user, s_byFeature, None)));
        Assert.Equal($"{events.Count}\t{events.Count}\n", await db.QueryAsync($"SELECT count(), uniqExact(seq) FROM {db.Name}.{ClickHouseSchema.Events}"));
        Assert.Equal(RolledUpOnce(events), await RolledUpAsync(db));
        Assert.Equal("0\t0\n", await db.QueryAsync(
            $"SELECT (SELECT count() FROM {db.Name}.{ClickHouseSchema.LegacyEvents}), (SELECT count() FROM {db.Name}.{ClickHouseRollup.Legacy.Table})"));
        Assert.Equal("0\n", await db.QueryAsync($"SELECT count() FROM system.tables WHERE database = '{db.Name}' AND name = '{ClickHouseRollup.Legacy.View}'"));

        // Run versions 3 and 4 again (as after a crash before they were recorded): nothing is copied or rolled up twice.
        await RunAsync(db, ClickHouseSchema.All.Skip(Math.Max(version, 2)).SelectMany(statements => statements));
        Assert.Equal(events.Count, (await upgraded.QueryAsync(user, s_total, None)).Single.Values[0]);
        Assert.Equal(RolledUpOnce(events), await RolledUpAsync(db));
        await upgraded.AppendAsync(user, [Sample.At(5)], None); // and the views roll up new inserts
        Assert.Equal(events.Count + 1, (await upgraded.QueryAsync(user, s_total, None)).Single.Values[0]);
        Assert.Equal(RolledUpOnce([.. events, Sample.At(5)]), await RolledUpAsync(db));
    }

    [Fact]
    public async Task A_copy_cut_off_by_a_crash_is_finished_without_repeating_an_event()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, events) = await SeedAsync(db);
        await BackToAsync(db, 2);

        // The crash: the new table exists and holds the earlier half of the events.
        await RunAsync(db, [ClickHouseSchema.All[2][1]]);
        await db.ExecuteAsync(
            $"INSERT INTO {db.Name}.{ClickHouseSchema.Events} SELECT * FROM {db.Name}.{ClickHouseSchema.LegacyEvents} WHERE ts_ms < {Sample.T0.AddHours(25).ToUnixTimeMilliseconds()}");

        using var upgraded = ClickHouseStores.Create(db.Server.Url, db.Name);
        await upgraded.MigrateAsync(None);

        Assert.Equal($"{events.Count}\t{events.Count}\n", await db.QueryAsync($"SELECT count(), uniqExact(seq) FROM {db.Name}.{ClickHouseSchema.Events}"));
        Assert.Equal(events.Count, (await upgraded.QueryAsync(user, s_total, None)).Single.Values[0]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Events_a_deletion_marker_hides_are_neither_copied_nor_rolled_up_even_before_their_purge(int version)
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, events) = await SeedAsync(db);
        await db.Store.AppendAsync(user, [.. events.Take(50).Select(e => e with { Dataset = "gone" })], None);

        // The dataset was deleted before the upgrade: its marker is stored, its purge has not run yet.
        await db.ExecuteAsync(
            $"INSERT INTO {db.Name}.{ClickHouseSchema.Deletions} SELECT toString(user_id), toString(dataset), max(seq) + 1, now() FROM {db.Name}.{ClickHouseSchema.Events} "
            + $"WHERE dataset = 'gone' GROUP BY user_id, dataset");
        await BackToAsync(db, version);
        using var upgraded = ClickHouseStores.Create(db.Server.Url, db.Name);
        await upgraded.MigrateAsync(None);

        Assert.Equal(version == 2 ? $"{events.Count}\n" : $"{events.Count + 50}\n", await db.QueryAsync($"SELECT count() FROM {db.Name}.{ClickHouseSchema.Events}"));
        foreach (var rollup in ClickHouseRollup.Current.Skip(version == 2 ? 0 : 1)) // version 3's hourly rollup took them in when they were inserted
        {
            Assert.Equal("0\n", await db.QueryAsync($"SELECT count() FROM {db.Name}.{rollup.Table} WHERE dataset = 'gone'"));
        }

        Assert.Equal(events.Count, (await upgraded.QueryAsync(user, s_total, None)).Single.Values[0]);
    }

    [Fact]
    public async Task Two_stores_upgrading_one_database_at_once_move_and_roll_up_every_event_once()
    {
        await using var db = await ClickHouseTestDatabase.CreateAsync();
        var (user, events) = await SeedAsync(db);
        await BackToAsync(db, 2);

        using var first = ClickHouseStores.Create(db.Server.Url, db.Name);
        using var second = ClickHouseStores.Create(db.Server.Url, db.Name);
        await Task.WhenAll(first.MigrateAsync(None), second.MigrateAsync(None));

        Assert.Equal($"{events.Count}\t{events.Count}\n", await db.QueryAsync($"SELECT count(), uniqExact(seq) FROM {db.Name}.{ClickHouseSchema.Events}"));
        Assert.Equal(RolledUpOnce(events), await RolledUpAsync(db));
        Assert.Equal(events.Count, (await first.QueryAsync(user, s_total, None)).Single.Values[0]);
    }

    /// <summary>A new user's two days of events (<see cref="ClickHouseRollupTests.Events"/>), stored under the current schema.</summary>
    private static async Task<(string User, List<WorkloadEvent> Events)> SeedAsync(ClickHouseTestDatabase db)
    {
        var user = ClickHouseStores.NewUser();
        var events = ClickHouseRollupTests.Events();
        await db.Store.AppendAsync(user, events, None);
        return (user, events);
    }

    /// <summary>
    /// Turns a database of the current schema back into one of <paramref name="version"/>, its events kept: without the
    /// rollup by bin (version 3), and before that with the legacy events table holding them instead, and for version 2
    /// the legacy rollup of them with its view.
    /// </summary>
    private static async Task BackToAsync(ClickHouseTestDatabase db, int version)
    {
        foreach (var table in new[] { ClickHouseRollup.Bins.View, ClickHouseRollup.Bins.Table })
        {
            await db.ExecuteAsync($"DROP TABLE {db.Name}.{table}");
        }

        if (version == 3)
        {
            await ForgetAfterAsync(db, version);
            return;
        }

        await RunAsync(db, [ClickHouseSchema.All[0][0]]);
        await db.ExecuteAsync($"INSERT INTO {db.Name}.{ClickHouseSchema.LegacyEvents} SELECT * FROM {db.Name}.{ClickHouseSchema.Events}");
        foreach (var table in new[] { ClickHouseRollup.Hourly.View, ClickHouseRollup.Hourly.Table, ClickHouseSchema.Events })
        {
            await db.ExecuteAsync($"DROP TABLE {db.Name}.{table}");
        }

        if (version == 2)
        {
            await RunAsync(db, ClickHouseRollup.Legacy.Migration);
        }

        await ForgetAfterAsync(db, version);
    }

    /// <summary>Removes the record of every migration after <paramref name="version"/>.</summary>
    private static async Task ForgetAfterAsync(ClickHouseTestDatabase db, int version)
    {
        await db.ExecuteAsync($"ALTER TABLE {db.Name}.{ClickHouseSchema.Migrations} DELETE WHERE version > {version}");
        await ClickHouseRollupTests.WaitAsync(async () => (await db.QueryAsync($"SELECT max(version) FROM {db.Name}.{ClickHouseSchema.Migrations}")).Trim() == $"{version}");
    }

    /// <summary>The events each current rollup counts, one line each.</summary>
    private static async Task<string> RolledUpAsync(ClickHouseTestDatabase db)
    {
        var lines = new List<string>();
        foreach (var rollup in ClickHouseRollup.Current)
        {
            lines.Add($"{rollup.Table} {(await db.QueryAsync($"SELECT sum(events) FROM {db.Name}.{rollup.Table}")).Trim()}");
        }

        return string.Join('\n', lines);
    }

    private static string RolledUpOnce(IReadOnlyCollection<WorkloadEvent> events) => string.Join('\n', ClickHouseRollup.Current.Select(r => $"{r.Table} {events.Count}"));

    private static async Task RunAsync(ClickHouseTestDatabase db, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            await db.ExecuteAsync(statement.Replace("{db}", db.Name, StringComparison.Ordinal));
        }
    }

    private static List<string> Rows(WorkloadQueryResult result) =>
        [.. result.Rows.Select(r => $"{string.Join("|", r.Keys)}: {string.Join(", ", r.Values)}")];
}
