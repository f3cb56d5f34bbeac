namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// Timing and thresholds of the membership protocol (names as in Orleans' <c>ClusterMembershipOptions</c>).
/// </summary>
/// <remarks>
/// <para>
/// How fast a killed silo is declared dead. Each silo probes its <see cref="NumProbedSilos"/> successors on the ring
/// every <see cref="ProbeInterval"/>; a probe counts as missed when it fails or after <see cref="ProbeTimeout"/>. A round
/// lasts at most max(ProbeInterval, ProbeTimeout), so from the kill a prober has missed
/// <see cref="NumMissedProbesLimit"/> probes and votes within <see cref="MaxTimeToDeclareDead"/> =
/// NumMissedProbesLimit × max(ProbeInterval, ProbeTimeout) + ProbeTimeout. The voters work independently, and the
/// vote that completes <see cref="NumVotesForDeathDeclaration"/> declares the silo dead in the same write. Every other
/// silo then learns it at its next refresh: <see cref="MaxTimeUntilAllSilosKnow"/> = MaxTimeToDeclareDead +
/// <see cref="RefreshInterval"/>.
/// </para>
/// <para>
/// With the defaults: 3 × max(1 s, 1 s) + 1 s = 4 s to declare dead, + 2 s refresh = 6 s until every silo has removed
/// the killed silo from its active set, which leaves 4 s of the 10 s target for database round trips and CAS retries.
/// </para>
/// </remarks>
public sealed class MembershipOptions
{
    /// <summary>The cluster whose table the silo joins; must equal the table's <see cref="IMembershipTable.ClusterId"/>.</summary>
    public string ClusterId { get; set; } = "netra";

    /// <summary>How often a silo probes each silo it watches. Default 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed. Default 1 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which a silo votes against the target. Default 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>How many successors on the ring of live silos each silo probes. Default 3.</summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>
    /// Fresh votes that declare a silo dead. Default 2. Capped at the number of other live silos that can vote, so
    /// with only two live silos one vote is enough.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion vote counts. Default 30 s.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a silo writes its heartbeat (IAmAlive) to the table. Default 5 s.</summary>
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A silo whose heartbeat is older than this many <see cref="IAmAliveInterval"/>s is voted on after a single missed
    /// probe, not <see cref="NumMissedProbesLimit"/>. Probes stay the primary signal: a stale heartbeat alone is no vote.
    /// Default 3 (15 s).
    /// </summary>
    public int NumMissedIAmAliveLimit { get; set; } = 3;

    /// <summary>How often a silo rereads the whole table (it also rereads after each change of its own). Default 2 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Dead rows whose last heartbeat is older than this are deleted. Default 7 days.</summary>
    public TimeSpan DefunctSiloCleanupAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a silo deletes defunct rows (also once when it joins). Default 1 hour.</summary>
    public TimeSpan DefunctSiloCleanupPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many times a write that loses a compare-and-swap is retried on a fresh snapshot. Default 16.</summary>
    public int MaxWriteAttempts { get; set; } = 16;

    /// <summary>The longest a prober takes, from a silo's kill, to miss enough probes to vote (see the remarks).</summary>
    public TimeSpan MaxTimeToDeclareDead =>
        (NumMissedProbesLimit * Max(ProbeInterval, ProbeTimeout)) + ProbeTimeout;

    /// <summary>The longest until every live silo's snapshot shows a killed silo as Dead (see the remarks).</summary>
    public TimeSpan MaxTimeUntilAllSilosKnow => MaxTimeToDeclareDead + RefreshInterval;

    /// <summary>The heartbeat age after which a single missed probe is enough to vote.</summary>
    public TimeSpan IAmAliveStaleAfter => IAmAliveInterval * NumMissedIAmAliveLimit;

    /// <summary>Throws if a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ClusterId, nameof(ClusterId));
        foreach (var (name, value) in new[]
        {
            (nameof(ProbeInterval), ProbeInterval), (nameof(ProbeTimeout), ProbeTimeout),
            (nameof(DeathVoteExpiration), DeathVoteExpiration), (nameof(IAmAliveInterval), IAmAliveInterval),
            (nameof(RefreshInterval), RefreshInterval), (nameof(DefunctSiloCleanupAge), DefunctSiloCleanupAge),
            (nameof(DefunctSiloCleanupPeriod), DefunctSiloCleanupPeriod),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(NumMissedProbesLimit, 1, nameof(NumMissedProbesLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumProbedSilos, 1, nameof(NumProbedSilos));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumVotesForDeathDeclaration, 1, nameof(NumVotesForDeathDeclaration));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumMissedIAmAliveLimit, 1, nameof(NumMissedIAmAliveLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWriteAttempts, 1, nameof(MaxWriteAttempts));
        if (NumVotesForDeathDeclaration > NumProbedSilos)
        {
            throw new ArgumentOutOfRangeException(
                nameof(NumVotesForDeathDeclaration), NumVotesForDeathDeclaration,
                $"{nameof(NumVotesForDeathDeclaration)} cannot exceed {nameof(NumProbedSilos)}: too few silos would watch each silo to vote it dead.");
        }

        if (DeathVoteExpiration <= MaxTimeToDeclareDead)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DeathVoteExpiration), DeathVoteExpiration,
                $"{nameof(DeathVoteExpiration)} must exceed {nameof(MaxTimeToDeclareDead)} ({MaxTimeToDeclareDead}), or votes expire before they add up.");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
