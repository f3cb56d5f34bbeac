using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// The membership table of one cluster, modelled on Orleans' <c>IMembershipTable</c>. Every change to a row's
/// status or votes is a compare-and-swap on the table version that increments it atomically with the row change;
/// a write made from a stale snapshot returns false and changes nothing. The table enforces two invariants whoever
/// writes: at most one row that is not <see cref="SiloStatus.Dead"/> per address and port, and Dead is final.
/// </summary>
public interface IMembershipTable
{
    /// <summary>The cluster this table holds.</summary>
    string ClusterId { get; }

    /// <summary>Reads the version and every row in one consistent snapshot.</summary>
    Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="entry"/> (with ETag 1) if the table version is still <paramref name="expectedVersion"/>,
    /// the key is new and, unless the entry is Dead, no other live row has its address and port. Increments the
    /// version in the same atomic step. Returns false, changing nothing, if any condition fails.
    /// </summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the name, status, votes and (if later) heartbeat of the row keyed by <c>entry.Silo</c> if its ETag is
    /// still <paramref name="expectedEtag"/>, it is not Dead, and the table version is still
    /// <paramref name="expectedVersion"/>. Increments the ETag and the version in the same atomic step. Returns false,
    /// changing nothing, otherwise.
    /// </summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Records a heartbeat of a live row. Changes neither the table version nor the ETag (as in Orleans); a time
    /// earlier than the stored one is ignored, and so is a Dead or missing row.
    /// </summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose last heartbeat is older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
