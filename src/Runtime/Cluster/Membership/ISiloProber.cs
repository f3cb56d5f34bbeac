using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>Checks whether another silo answers. The transport implements it with a ping over its connection.</summary>
public interface ISiloProber
{
    /// <summary>
    /// Probes <paramref name="target"/>. Returns true if it answered, false (or throws) if it did not. The membership
    /// service cancels <paramref name="cancellationToken"/> after <see cref="MembershipOptions.ProbeTimeout"/> and
    /// counts a probe that has not finished by then as missed.
    /// </summary>
    Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken);
}
