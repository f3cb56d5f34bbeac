using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster;

/// <summary>A clustered silo's settings. Bound from "Netra:Cluster".</summary>
public sealed class ClusterOptions
{
    /// <summary>The address other silos and clients reach this silo at: an IP address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port for silo and client traffic; 0 picks a free one.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>Membership and failure detection.</summary>
    public MembershipOptions Membership { get; set; } = new();

    /// <summary>Connections and frames.</summary>
    public TransportOptions Transport { get; set; } = new();
}
