using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster.Client;

/// <summary>A cluster client's settings. Bound from "Netra:Cluster" by the hosting extensions.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>How often the client reads the membership table. A failed send asks for a read at once.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a call whose silo cannot be reached waits for membership to move its grain elsewhere before it fails
    /// (never longer than its own timeout). It covers the time the cluster takes to declare a killed silo dead.
    /// </summary>
    public TimeSpan FailoverWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <see cref="ClusterClient.ConnectAsync"/> waits for an active silo.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default time a grain call may take.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections and frames.</summary>
    public TransportOptions Transport { get; set; } = new();
}
