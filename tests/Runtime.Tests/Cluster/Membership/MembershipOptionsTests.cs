using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Cluster.Membership;

public sealed class MembershipOptionsTests
{
    [Fact]
    public void Default_settings_declare_a_killed_silo_dead_everywhere_well_within_ten_seconds()
    {
        var options = new MembershipOptions();

        // 3 missed probes × max(1 s interval, 1 s timeout) + 1 s timeout; then one 2 s refresh for every other silo.
        Assert.Equal(TimeSpan.FromSeconds(4), options.MaxTimeToDeclareDead);
        Assert.Equal(TimeSpan.FromSeconds(6), options.MaxTimeUntilAllSilosKnow);
        Assert.True(options.MaxTimeUntilAllSilosKnow <= TimeSpan.FromSeconds(10));
        options.Validate();
    }

    [Fact]
    public void Settings_that_could_never_declare_a_silo_dead_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MembershipOptions { NumVotesForDeathDeclaration = 4, NumProbedSilos = 3 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MembershipOptions { DeathVoteExpiration = TimeSpan.FromSeconds(3) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MembershipOptions { ProbeInterval = TimeSpan.Zero }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MembershipOptions { NumMissedProbesLimit = 0 }.Validate());
    }

    [Fact]
    public void Each_silo_is_watched_by_as_many_silos_as_each_silo_probes()
    {
        var silos = Enumerable.Range(1, 6).Select(p => new SiloAddress("10.0.0.1", p, 1)).ToList();
        var snapshot = new MembershipSnapshot(1, [.. silos.Select(s => new MembershipEntry(s, "x", SiloStatus.Active, default, default))]);

        var watchers = silos.SelectMany(s => MembershipService.ProbeTargets(snapshot, s, 3)).GroupBy(t => t).ToList();

        Assert.Equal(6, watchers.Count);
        Assert.All(watchers, w => Assert.Equal(3, w.Count()));
        Assert.All(silos, s => Assert.DoesNotContain(s, MembershipService.ProbeTargets(snapshot, s, 3)));
        Assert.Single(MembershipService.ProbeTargets(new MembershipSnapshot(1, snapshot.Entries.Take(2).ToList()), silos[0], 3));
    }
}
