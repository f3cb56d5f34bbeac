namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// Where a silo incarnation is in its life. The numbers are stored in <c>netra_membership.status</c>; do not renumber.
/// </summary>
public enum SiloStatus
{
    /// <summary>The silo has written its row and is starting; it becomes <see cref="Active"/> next.</summary>
    Joining = 1,

    /// <summary>The silo takes part in the cluster: it hosts grains, probes and is probed.</summary>
    Active = 2,

    /// <summary>The silo is stopping gracefully; it becomes <see cref="Dead"/> next.</summary>
    ShuttingDown = 3,

    /// <summary>The incarnation is gone for good. Dead is final: a restarted silo joins with a new generation.</summary>
    Dead = 4,
}
