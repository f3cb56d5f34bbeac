using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>One silo incarnation's row in the membership table.</summary>
/// <param name="Silo">The incarnation: address, port and generation. The row's key within its cluster.</param>
/// <param name="SiloName">A readable name, for logs and dashboards.</param>
/// <param name="Status">Where the incarnation is in its life.</param>
/// <param name="StartTime">When it joined.</param>
/// <param name="IAmAliveTime">Its last heartbeat, written every <see cref="MembershipOptions.IAmAliveInterval"/>.</param>
public sealed record MembershipEntry(
    SiloAddress Silo, string SiloName, SiloStatus Status, DateTimeOffset StartTime, DateTimeOffset IAmAliveTime)
{
    /// <summary>Suspicion votes against this silo, oldest first. Expired votes are dropped when a vote is added.</summary>
    public IReadOnlyList<SuspectVote> Suspicions { get; init; } = [];

    /// <summary>
    /// The row's version as read from the table (its ETag). Ignored on insert; <see cref="IMembershipTable.UpdateRowAsync"/>
    /// takes the expected ETag separately.
    /// </summary>
    public long Etag { get; init; }

    /// <summary>Whether this row and <paramref name="address"/> name the same endpoint, whatever the generations.</summary>
    public bool IsSameEndpoint(SiloAddress address) =>
        Silo.Port == address.Port && string.Equals(Silo.Host, address.Host, StringComparison.Ordinal);
}

/// <summary>A suspicion vote: <paramref name="Voter"/> failed to reach the silo at <paramref name="Time"/>.</summary>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset Time);
