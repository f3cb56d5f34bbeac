using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Cluster.Messaging;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster;

/// <summary>Probes silos with a Ping over the transport; a silo whose transport is not up yet answers nobody.</summary>
internal sealed class TransportSiloProber(RemoteMessenger messenger, MembershipOptions options) : ISiloProber
{
    public async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken) =>
        messenger.Connections is { } connections
        && await connections.ProbeAsync(RemoteMessenger.EndPointOf(target), options.ProbeTimeout, target.Generation, cancellationToken);
}
