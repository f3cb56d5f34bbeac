using Netra.Runtime.Placement;

namespace Netra.Runtime.Tests.Placement;

public sealed class ConsistentHashRingTests
{
    private static readonly SiloAddress[] s_silos =
    [
        new("10.0.0.1", 11111, 1), new("10.0.0.2", 11111, 1), new("10.0.0.3", 11111, 1),
    ];

    private static IEnumerable<GrainId> Grains(int count) => Enumerable.Range(0, count).Select(i => GrainId.Create("thread", $"user-{i % 97}/t-{i}"));

    [Fact]
    public void Every_process_that_knows_the_same_silos_places_a_grain_on_the_same_silo()
    {
        var one = new ConsistentHashRing(s_silos);
        var other = new ConsistentHashRing(s_silos.Reverse());

        Assert.All(Grains(2_000), grain => Assert.Equal(one.OwnerOf(grain), other.OwnerOf(grain)));
    }

    [Fact]
    public void Grains_spread_evenly_over_the_silos()
    {
        var ring = new ConsistentHashRing(s_silos);

        var shares = Grains(30_000).GroupBy(ring.OwnerOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, shares.Count);
        Assert.All(shares.Values, count => Assert.InRange(count, 7_000, 13_000)); // mean 10,000
    }

    [Fact]
    public void Adding_a_silo_moves_only_grains_onto_the_new_silo()
    {
        var before = new ConsistentHashRing(s_silos);
        var added = new SiloAddress("10.0.0.4", 11111, 1);
        var after = new ConsistentHashRing([.. s_silos, added]);

        var moved = Grains(20_000).Where(g => before.OwnerOf(g) != after.OwnerOf(g)).ToList();

        Assert.All(moved, g => Assert.Equal(added, after.OwnerOf(g)));
        Assert.InRange(moved.Count, 2_500, 7_500); // about a quarter
    }

    [Fact]
    public void Removing_a_silo_moves_only_the_grains_it_owned()
    {
        var before = new ConsistentHashRing(s_silos);
        var after = new ConsistentHashRing(s_silos[..2]);

        foreach (var grain in Grains(20_000))
        {
            if (before.OwnerOf(grain) != s_silos[2])
            {
                Assert.Equal(before.OwnerOf(grain), after.OwnerOf(grain));
            }
        }
    }

    [Fact]
    public void A_restarted_silo_is_a_different_ring_member_from_its_dead_generation()
    {
        var restarted = s_silos[0] with { Generation = 2 };
        var ring = new ConsistentHashRing([restarted, s_silos[1], s_silos[2]]);

        Assert.DoesNotContain(s_silos[0], ring.Silos);
        Assert.Contains(restarted, Grains(3_000).Select(ring.OwnerOf));
    }

    [Fact]
    public void Empty_ring_refuses_to_place_with_a_clear_error()
    {
        var exception = Assert.Throws<SiloUnavailableException>(() => new ConsistentHashRing([]).OwnerOf(GrainId.Create("x", "y")));
        Assert.Contains("No active silo", exception.Message);
    }

    [Fact]
    public void Stable_hash_is_the_same_in_every_process_for_the_same_id()
    {
        // Known values pin the function: a change here would move every grain of a running cluster.
        Assert.Equal(StableHash.Of(GrainId.Create("thread", "a")), StableHash.Of(GrainId.Create("thread", "a")));
        Assert.NotEqual(StableHash.Of(GrainId.Create("thread", "a")), StableHash.Of(GrainId.Create("threa", "d/a")));
        Assert.Equal(0x8ED7343F0D4E4B34UL, StableHash.Of("netra")); // computed independently (FNV-1a 64 + fmix64)
    }
}
