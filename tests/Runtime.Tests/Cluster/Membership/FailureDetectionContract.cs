using Netra.Runtime.Cluster.Membership;

namespace Netra.Runtime.Tests.Cluster.Membership;

/// <summary>Probes, votes and death declarations, on each table implementation, driven by a fake clock.</summary>
public abstract class FailureDetectionContract
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    protected abstract IMembershipTable CreateTable(string clusterId);

    protected Task<MembershipTestCluster> StartAsync(int silos, Action<MembershipOptions>? configure = null, bool backgroundLoops = false) =>
        MembershipTestCluster.StartAsync(CreateTable("c-" + Guid.NewGuid().ToString("N")), silos, configure, backgroundLoops);

    [Fact]
    public async Task Killed_silo_is_declared_dead_within_the_configured_time()
    {
        await using var cluster = await StartAsync(3);
        await cluster.RunForAsync(TimeSpan.FromSeconds(3.3)); // so the kill falls between probe rounds
        var victim = cluster.Silos[2];

        await cluster.KillAsync(victim);
        var elapsed = await cluster.RunUntilAsync(
            () => cluster.AllSee(victim.Silo!, SiloStatus.Dead), TimeSpan.FromSeconds(10), "both survivors see the killed silo dead");

        var options = cluster.Options;
        Assert.True(elapsed <= options.MaxTimeUntilAllSilosKnow + Step, $"took {elapsed}, bound {options.MaxTimeUntilAllSilosKnow}");
        Assert.True(elapsed >= (options.NumMissedProbesLimit - 1) * options.ProbeInterval, $"declared after only {elapsed}");
        Assert.True(elapsed <= TimeSpan.FromSeconds(10));
        var row = await cluster.ReadRowAsync(victim.Silo!);
        Assert.Equal(2, row.Suspicions.Select(v => v.Voter).Distinct().Count());
        Assert.All(cluster.Silos, s => Assert.Equal(2, s.Snapshot.ActiveSilos.Count));
    }

    [Fact]
    public async Task Detection_time_follows_the_configured_probe_settings()
    {
        await using var cluster = await StartAsync(4, o =>
        {
            o.ProbeInterval = TimeSpan.FromSeconds(3);
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 3;
            o.RefreshInterval = TimeSpan.FromSeconds(5);
        });
        await cluster.RunForAsync(TimeSpan.FromSeconds(1.7));
        var victim = cluster.Silos[0];

        await cluster.KillAsync(victim);
        var elapsed = await cluster.RunUntilAsync(
            () => cluster.AllSee(victim.Silo!, SiloStatus.Dead), TimeSpan.FromSeconds(30), "every survivor sees the killed silo dead");

        var options = cluster.Options;
        Assert.Equal(TimeSpan.FromSeconds(7), options.MaxTimeToDeclareDead);
        Assert.True(elapsed <= options.MaxTimeUntilAllSilosKnow + Step, $"took {elapsed}, bound {options.MaxTimeUntilAllSilosKnow}");
        Assert.True(elapsed >= options.ProbeInterval, $"declared after only {elapsed}");
        Assert.Equal(3, (await cluster.ReadRowAsync(victim.Silo!)).Suspicions.Count);
    }

    [Fact]
    public async Task Two_silos_need_only_one_vote()
    {
        await using var cluster = await StartAsync(2);
        var victim = cluster.Silos[1];

        await cluster.KillAsync(victim);
        await cluster.RunUntilAsync(() => cluster.AllSee(victim.Silo!, SiloStatus.Dead), TimeSpan.FromSeconds(10), "the survivor declares it dead");

        var vote = Assert.Single((await cluster.ReadRowAsync(victim.Silo!)).Suspicions);
        Assert.Equal(cluster.Silos[0].Silo, vote.Voter);
    }

    [Fact]
    public async Task One_vote_is_not_enough_among_three_silos()
    {
        await using var cluster = await StartAsync(3);
        var (watcher, suspect) = (cluster.Silos[0], cluster.Silos[2]);
        cluster.Network.Cut(watcher.Silo!.Port, suspect.Silo!.Port);

        await cluster.RunForAsync(TimeSpan.FromSeconds(20));

        var row = await cluster.ReadRowAsync(suspect.Silo);
        Assert.Equal(SiloStatus.Active, row.Status);
        Assert.Equal([watcher.Silo], row.Suspicions.Select(v => v.Voter).Distinct());
        Assert.Single(row.Suspicions);
    }

    [Fact]
    public async Task No_suspicion_while_probes_succeed()
    {
        await using var cluster = await StartAsync(3);
        var version = (await cluster.Table.ReadAllAsync(default)).Version;
        var probesBefore = cluster.Network.Probes;

        await cluster.RunForAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(250));

        var snapshot = await cluster.Table.ReadAllAsync(default);
        Assert.Equal(version, snapshot.Version);
        Assert.All(snapshot.Entries, e => Assert.Equal((SiloStatus.Active, 0), (e.Status, e.Suspicions.Count)));
        Assert.True(cluster.Network.Probes - probesBefore >= 3 * 2 * 100, $"only {cluster.Network.Probes - probesBefore} probes");
        Assert.All(snapshot.Entries, e => Assert.True(cluster.Clock.GetUtcNow() - e.IAmAliveTime <= cluster.Options.IAmAliveInterval));
    }

    [Fact]
    public async Task Silo_that_reads_itself_dead_raises_the_self_stop_event_and_never_writes_again()
    {
        await using var cluster = await StartAsync(3);
        var zombie = cluster.Silos[2];
        var selfStops = 0;
        zombie.DeclaredDead += () => selfStops++;
        foreach (var other in cluster.Silos.Take(2))
        {
            cluster.Network.Cut(other.Silo!.Port, zombie.Silo!.Port);
        }

        // The zombie keeps running (a long pause, a one-way partition) until it learns the verdict.
        await cluster.RunUntilAsync(() => zombie.IsDeclaredDead, TimeSpan.FromSeconds(15), "the zombie learns it was declared dead");
        Assert.Equal(1, selfStops);
        var row = await cluster.ReadRowAsync(zombie.Silo!);

        await cluster.RunForAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, selfStops);
        var later = await cluster.ReadRowAsync(zombie.Silo!);
        Assert.Equal((row.Status, row.Etag, row.IAmAliveTime, row.Suspicions.Count), (later.Status, later.Etag, later.IAmAliveTime, later.Suspicions.Count));
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.All((await cluster.Table.ReadAllAsync(default)).Entries.Where(e => e.Silo != zombie.Silo), e => Assert.Empty(e.Suspicions));
    }

    [Fact]
    public async Task Background_loops_declare_a_silo_whose_probes_hang_dead_within_ten_seconds()
    {
        await using var cluster = await StartAsync(3, backgroundLoops: true);
        await cluster.RunForAsync(TimeSpan.FromSeconds(2.5));
        var victim = cluster.Silos[1];

        await cluster.KillAsync(victim, hang: true);
        var elapsed = await cluster.RunUntilAsync(
            () => cluster.AllSee(victim.Silo!, SiloStatus.Dead), TimeSpan.FromSeconds(10), "both survivors see the hung silo dead");

        Assert.True(elapsed <= TimeSpan.FromSeconds(10), $"took {elapsed}");
        Assert.All(cluster.Silos, s => Assert.DoesNotContain(victim.Silo, s.Snapshot.ActiveSilos));
    }
}

public sealed class InMemoryFailureDetectionTests : FailureDetectionContract
{
    protected override IMembershipTable CreateTable(string clusterId) => new InMemoryMembershipTable(clusterId);
}

public sealed class PostgresFailureDetectionTests(PostgresMembershipFixture fixture)
    : FailureDetectionContract, IClassFixture<PostgresMembershipFixture>
{
    protected override IMembershipTable CreateTable(string clusterId) => new PostgresMembershipTable(fixture.DataSource, clusterId);
}
