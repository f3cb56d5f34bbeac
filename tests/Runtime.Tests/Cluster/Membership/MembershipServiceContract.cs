using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>Joining, restarting, leaving and snapshots, on each table implementation.</summary>
public abstract class MembershipServiceContract
{
    protected abstract IMembershipTable CreateTable(string clusterId);

    protected Task<MembershipTestCluster> StartAsync(int silos, Action<MembershipOptions>? configure = null) =>
        MembershipTestCluster.StartAsync(CreateTable("c-" + Guid.NewGuid().ToString("N")), silos, configure);

    [Fact]
    public async Task Joined_silo_is_active_with_a_generation_from_its_start_time()
    {
        await using var cluster = await StartAsync(1);
        var silo = cluster.Silos[0];

        var row = await cluster.ReadRowAsync(silo.Silo!);

        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal(cluster.Clock.GetUtcNow().ToUnixTimeMilliseconds(), silo.Silo!.Generation);
        Assert.Equal([silo.Silo!], silo.Snapshot.ActiveSilos);
    }

    [Fact]
    public async Task MembershipChanged_reports_the_active_silos_as_they_join_and_die()
    {
        await using var cluster = await StartAsync(1);
        var first = cluster.Silos[0];
        var seen = new List<MembershipSnapshot>();
        first.MembershipChanged += seen.Add;

        var second = await cluster.StartSiloAsync(11112);
        await cluster.RunUntilAsync(() => first.Snapshot.ActiveSilos.Count == 2, TimeSpan.FromSeconds(10), "the first silo sees the second");
        Assert.Equal([first.Silo!, second.Silo!], seen[^1].ActiveSilos);

        await cluster.KillAsync(second);
        await cluster.RunUntilAsync(() => first.Snapshot.ActiveSilos.Count == 1, TimeSpan.FromSeconds(10), "the first silo sees the second die");
        Assert.Equal([first.Silo!], seen[^1].ActiveSilos);
        Assert.Equal(SiloStatus.Dead, seen[^1].Find(second.Silo!)?.Status);
        Assert.Equal(seen.Select(s => s.Version).Order(), seen.Select(s => s.Version));
    }

    [Fact]
    public async Task Restarted_silo_joins_with_a_new_larger_generation_and_its_old_row_is_declared_dead()
    {
        await using var cluster = await StartAsync(2);
        var old = cluster.Silos[1];
        await old.DisposeAsync();
        cluster.Detach(old);

        // Same port, and the clock has not even moved: the generation still grows.
        var restarted = await cluster.StartSiloAsync(old.Silo!.Port);

        Assert.True(restarted.Silo!.Generation > old.Silo.Generation);
        Assert.Equal(SiloStatus.Dead, (await cluster.ReadRowAsync(old.Silo)).Status);
        Assert.Equal(SiloStatus.Active, (await cluster.ReadRowAsync(restarted.Silo)).Status);
        var snapshot = await cluster.Table.ReadAllAsync(default);
        Assert.Single(snapshot.Entries, e => e.Silo.Port == old.Silo.Port && e.Status != SiloStatus.Dead);
    }

    [Fact]
    public async Task Stale_rows_of_dead_silos_never_block_a_join()
    {
        var table = CreateTable("c-" + Guid.NewGuid().ToString("N"));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var future = start.AddDays(1).ToUnixTimeMilliseconds();
        // A dead incarnation from a clock that ran ahead, and a crashed one stuck in Joining.
        Assert.True(await table.InsertRowAsync(
            new MembershipEntry(new SiloAddress(MembershipTestCluster.Host, 11111, future), "old", SiloStatus.Dead, start, start), 0, default));
        Assert.True(await table.InsertRowAsync(
            new MembershipEntry(new SiloAddress(MembershipTestCluster.Host, 11111, future + 1), "crashed", SiloStatus.Joining, start, start), 1, default));

        await using var cluster = await MembershipTestCluster.StartAsync(table, 1);
        var silo = cluster.Silos[0];

        Assert.Equal(future + 2, silo.Silo!.Generation);
        var snapshot = await table.ReadAllAsync(default);
        Assert.Equal([SiloStatus.Dead, SiloStatus.Dead, SiloStatus.Active], snapshot.Entries.Select(e => e.Status));
    }

    [Fact]
    public async Task Stale_active_row_of_a_crashed_silo_is_declared_dead_after_one_missed_probe()
    {
        var table = CreateTable("c-" + Guid.NewGuid().ToString("N"));
        var longAgo = new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var crashed = new SiloAddress(MembershipTestCluster.Host, 22222, 1);
        Assert.True(await table.InsertRowAsync(new MembershipEntry(crashed, "crashed", SiloStatus.Active, longAgo, longAgo), 0, default));

        await using var cluster = await MembershipTestCluster.StartAsync(table, 0);
        cluster.Network.Kill(crashed);
        var silo = await cluster.StartSiloAsync(11111);

        var elapsed = await cluster.RunUntilAsync(
            () => cluster.AllSee(crashed, SiloStatus.Dead), TimeSpan.FromSeconds(10), "the crashed silo is declared dead");

        Assert.True(elapsed <= cluster.Options.ProbeInterval + TimeSpan.FromMilliseconds(100), $"took {elapsed}");
        Assert.Equal([silo.Silo!], silo.Snapshot.ActiveSilos);
    }

    [Fact]
    public async Task Graceful_stop_goes_through_ShuttingDown_to_Dead_without_a_self_stop()
    {
        await using var cluster = await StartAsync(2);
        var leaving = cluster.Silos[1];
        var selfStops = 0;
        leaving.DeclaredDead += () => selfStops++;

        await leaving.BeginShutdownAsync(default);
        Assert.Equal(SiloStatus.ShuttingDown, (await cluster.ReadRowAsync(leaving.Silo!)).Status);
        await leaving.StopAsync(default);
        cluster.Detach(leaving);

        Assert.Equal(SiloStatus.Dead, (await cluster.ReadRowAsync(leaving.Silo!)).Status);
        Assert.Equal(0, selfStops);
        await cluster.RunUntilAsync(() => cluster.AllSee(leaving.Silo!, SiloStatus.Dead), TimeSpan.FromSeconds(5), "the other silo sees it leave");
    }

    [Fact]
    public async Task Dead_silo_cannot_rejoin_with_its_old_generation()
    {
        await using var cluster = await StartAsync(2);
        var zombie = cluster.Silos[1];
        await zombie.StopAsync(default);
        cluster.Detach(zombie);

        await Assert.ThrowsAsync<InvalidOperationException>(() => zombie.JoinAsync(MembershipTestCluster.Host, zombie.Silo!.Port, "again", default));
        var rejoined = await cluster.StartSiloAsync(zombie.Silo!.Port);

        Assert.True(rejoined.Silo!.Generation > zombie.Silo.Generation);
        Assert.Equal(SiloStatus.Dead, (await cluster.ReadRowAsync(zombie.Silo)).Status);
    }
}

public sealed class InMemoryMembershipServiceTests : MembershipServiceContract
{
    protected override IMembershipTable CreateTable(string clusterId) => new InMemoryMembershipTable(clusterId);
}

public sealed class PostgresMembershipServiceTests(PostgresMembershipFixture fixture)
    : MembershipServiceContract, IClassFixture<PostgresMembershipFixture>
{
    protected override IMembershipTable CreateTable(string clusterId) => new PostgresMembershipTable(fixture.DataSource, clusterId);
}
