using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>The whole membership table of one cluster as read at one moment: its version and every row.</summary>
/// <param name="Version">The table version; every membership change increments it. 0 for a cluster never written.</param>
/// <param name="Entries">Every row, Dead ones included, ordered by address, port and generation.</param>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<MembershipEntry> Entries)
{
    /// <summary>The snapshot of a cluster that has no rows yet.</summary>
    public static MembershipSnapshot Empty { get; } = new(0, []);

    /// <summary>The silos whose status is <see cref="SiloStatus.Active"/>: the ones placement may use.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos =>
        [.. Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo)];

    /// <summary>The row of <paramref name="silo"/> (this exact generation), or null.</summary>
    public MembershipEntry? Find(SiloAddress silo) => Entries.FirstOrDefault(e => e.Silo == silo);
}
