using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>The contract every <see cref="IMembershipTable"/> keeps; one subclass per implementation.</summary>
public abstract class MembershipTableContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract IMembershipTable CreateTable(string clusterId);

    protected IMembershipTable NewTable() => CreateTable("c-" + Guid.NewGuid().ToString("N"));

    protected static MembershipEntry Row(int port, long generation = 1, SiloStatus status = SiloStatus.Active, string host = "10.0.0.1") =>
        new(new SiloAddress(host, port, generation), $"silo-{port}", status, T0, T0);

    private static Task<MembershipSnapshot> ReadAsync(IMembershipTable table) => table.ReadAllAsync(CancellationToken.None);

    private static async Task<long> InsertAsync(IMembershipTable table, MembershipEntry row)
    {
        var version = (await ReadAsync(table)).Version;
        Assert.True(await table.InsertRowAsync(row, version, default));
        return version + 1;
    }

    [Fact]
    public async Task Empty_cluster_reads_version_zero_and_no_rows()
    {
        var snapshot = await ReadAsync(NewTable());

        Assert.Equal(0, snapshot.Version);
        Assert.Empty(snapshot.Entries);
    }

    [Fact]
    public async Task Inserted_row_reads_back_whole_with_etag_one_and_a_bumped_version()
    {
        var table = NewTable();
        var voter = new SiloAddress("10.0.0.2", 7, 42);
        var row = Row(11111, status: SiloStatus.Joining) with { Suspicions = [new SuspectVote(voter, T0.AddSeconds(3))] };

        Assert.True(await table.InsertRowAsync(row, 0, default));

        var snapshot = await ReadAsync(table);
        Assert.Equal(1, snapshot.Version);
        var stored = Assert.Single(snapshot.Entries);
        Assert.Equal(row with { Etag = 1, Suspicions = stored.Suspicions }, stored);
        Assert.Equal(row.Suspicions, stored.Suspicions);
    }

    [Fact]
    public async Task Insert_with_a_stale_version_fails_and_changes_nothing()
    {
        var table = NewTable();
        await InsertAsync(table, Row(1));

        Assert.False(await table.InsertRowAsync(Row(2), 0, default));
        Assert.False(await table.InsertRowAsync(Row(2), 5, default));

        var snapshot = await ReadAsync(table);
        Assert.Equal(1, snapshot.Version);
        Assert.Single(snapshot.Entries);
    }

    [Fact]
    public async Task Update_with_a_stale_version_or_etag_fails_and_changes_nothing()
    {
        var table = NewTable();
        await InsertAsync(table, Row(1));
        var version = await InsertAsync(table, Row(2));

        Assert.False(await table.UpdateRowAsync(Row(1, status: SiloStatus.ShuttingDown), 1, version - 1, default));
        Assert.False(await table.UpdateRowAsync(Row(1, status: SiloStatus.ShuttingDown), 2, version, default));

        var snapshot = await ReadAsync(table);
        Assert.Equal(version, snapshot.Version);
        Assert.All(snapshot.Entries, e => Assert.Equal((SiloStatus.Active, 1L), (e.Status, e.Etag)));
    }

    [Fact]
    public async Task Update_bumps_the_row_etag_and_the_table_version_together()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1));
        var vote = new SuspectVote(new SiloAddress("10.0.0.1", 2, 1), T0.AddSeconds(1));

        Assert.True(await table.UpdateRowAsync(Row(1) with { Suspicions = [vote] }, 1, version, default));

        var snapshot = await ReadAsync(table);
        Assert.Equal(version + 1, snapshot.Version);
        var stored = Assert.Single(snapshot.Entries);
        Assert.Equal(2, stored.Etag);
        Assert.Equal([vote], stored.Suspicions);
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_inserts_with_the_same_version_wins()
    {
        foreach (var preexisting in new[] { false, true })
        {
            var table = NewTable();
            var version = preexisting ? await InsertAsync(table, Row(1)) : 0;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(100, 8).Select(port => Task.Run(async () =>
            {
                await start.Task;
                return await table.InsertRowAsync(Row(port), version, default);
            })).ToList();

            start.SetResult();
            var results = await Task.WhenAll(writers);

            Assert.Single(results, won => won);
            var snapshot = await ReadAsync(table);
            Assert.Equal(version + 1, snapshot.Version);
            Assert.Equal(preexisting ? 2 : 1, snapshot.Entries.Count);
        }
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_updates_of_one_row_wins()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var vote = new SuspectVote(new SiloAddress("10.0.0.9", i, 1), T0);
            return await table.UpdateRowAsync(Row(1) with { Suspicions = [vote] }, 1, version, default);
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(writers);

        Assert.Single(results, won => won);
        var snapshot = await ReadAsync(table);
        Assert.Equal(version + 1, snapshot.Version);
        Assert.Single(Assert.Single(snapshot.Entries).Suspicions);
    }

    [Fact]
    public async Task A_second_live_row_for_one_address_and_port_is_rejected()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1, generation: 1));

        Assert.False(await table.InsertRowAsync(Row(1, generation: 2, status: SiloStatus.Joining), version, default));
        Assert.True(await table.InsertRowAsync(Row(1, generation: 2, host: "10.0.0.2"), version, default));

        var snapshot = await ReadAsync(table);
        Assert.Equal(version + 1, snapshot.Version);
        Assert.Equal(2, snapshot.Entries.Count);
    }

    [Fact]
    public async Task A_new_generation_may_go_live_once_the_old_one_is_dead()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1, generation: 1));
        Assert.True(await table.UpdateRowAsync(Row(1, generation: 1, status: SiloStatus.Dead), 1, version, default));

        Assert.True(await table.InsertRowAsync(Row(1, generation: 2), version + 1, default));

        var statuses = (await ReadAsync(table)).Entries.Select(e => (e.Silo.Generation, e.Status));
        Assert.Equal([(1L, SiloStatus.Dead), (2L, SiloStatus.Active)], statuses);
    }

    [Fact]
    public async Task Dead_is_final()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1));
        Assert.True(await table.UpdateRowAsync(Row(1, status: SiloStatus.Dead), 1, version, default));

        Assert.False(await table.UpdateRowAsync(Row(1, status: SiloStatus.Active), 2, version + 1, default));
        Assert.False(await table.UpdateRowAsync(Row(1, status: SiloStatus.Dead), 2, version + 1, default));
        await table.UpdateIAmAliveAsync(Row(1).Silo, T0.AddMinutes(1), default);

        var snapshot = await ReadAsync(table);
        Assert.Equal(version + 1, snapshot.Version);
        var stored = Assert.Single(snapshot.Entries);
        Assert.Equal((SiloStatus.Dead, 2L, T0), (stored.Status, stored.Etag, stored.IAmAliveTime));
    }

    [Fact]
    public async Task Dead_silo_cannot_rejoin_with_its_old_generation()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1, generation: 7));
        Assert.True(await table.UpdateRowAsync(Row(1, generation: 7, status: SiloStatus.Dead), 1, version, default));

        Assert.False(await table.InsertRowAsync(Row(1, generation: 7, status: SiloStatus.Joining), version + 1, default));

        Assert.Equal(SiloStatus.Dead, Assert.Single((await ReadAsync(table)).Entries).Status);
    }

    [Fact]
    public async Task IAmAlive_changes_neither_the_version_nor_the_etag_and_never_moves_back()
    {
        var table = NewTable();
        var version = await InsertAsync(table, Row(1));

        await table.UpdateIAmAliveAsync(Row(1).Silo, T0.AddSeconds(10), default);
        await table.UpdateIAmAliveAsync(Row(1).Silo, T0.AddSeconds(5), default);

        var snapshot = await ReadAsync(table);
        Assert.Equal(version, snapshot.Version);
        var stored = Assert.Single(snapshot.Entries);
        Assert.Equal((1L, T0.AddSeconds(10)), (stored.Etag, stored.IAmAliveTime));
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_cutoff()
    {
        var table = NewTable();
        await InsertAsync(table, Row(1) with { Status = SiloStatus.Dead });
        await InsertAsync(table, Row(2) with { Status = SiloStatus.Dead, IAmAliveTime = T0.AddHours(2) });
        await InsertAsync(table, Row(3));

        Assert.Equal(1, await table.CleanupDefunctEntriesAsync(T0.AddHours(1), default));

        Assert.Equal([2, 3], (await ReadAsync(table)).Entries.Select(e => e.Silo.Port));
    }

    [Fact]
    public async Task Clusters_do_not_see_each_other()
    {
        var id = "c-" + Guid.NewGuid().ToString("N");
        var a = CreateTable(id + "-a");
        var b = CreateTable(id + "-b");

        await InsertAsync(a, Row(1));

        Assert.Equal(0, (await ReadAsync(b)).Version);
        Assert.True(await b.InsertRowAsync(Row(1), 0, default));
    }
}

public sealed class InMemoryMembershipTableTests : MembershipTableContract
{
    protected override IMembershipTable CreateTable(string clusterId) => new InMemoryMembershipTable(clusterId);
}

public sealed class PostgresMembershipTableTests(PostgresMembershipFixture fixture)
    : MembershipTableContract, IClassFixture<PostgresMembershipFixture>
{
    protected override IMembershipTable CreateTable(string clusterId) => new PostgresMembershipTable(fixture.DataSource, clusterId);
}
