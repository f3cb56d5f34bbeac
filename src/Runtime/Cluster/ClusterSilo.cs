using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Activation;
using Netra.Runtime.Cluster.Directory;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Cluster.Messaging;
using Netra.Runtime.Hosting;
using Netra.Runtime.Placement;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Cluster;

/// <summary>
/// A silo's life in the cluster: it joins membership (which gives it its generation), listens for other silos and
/// clients, keeps placement in step with the active silos, hands off grains it no longer owns, and stops itself if
/// the cluster declares it dead. Stopping marks it ShuttingDown, deactivates its grains, then marks it Dead.
/// </summary>
internal sealed class ClusterSilo(
    ClusterOptions options,
    SiloOptions siloOptions,
    Silo silo,
    Catalog catalog,
    MessageCenter messages,
    LocalSiloDetails local,
    ClusterPlacementDirector placement,
    RemoteMessenger messenger,
    GrainLocator directory,
    MembershipService membership,
    ILoggerFactory loggers,
    TimeProvider time,
    IHostApplicationLifetime? lifetime) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("Netra.Runtime.Cluster");
    private ConnectionManager? _connections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = options.Port == 0 ? FreePort(options.Host) : options.Port;
        membership.MembershipChanged += OnMembershipChanged;
        membership.DeclaredDead += OnDeclaredDead;
        catalog.Deactivated += OnActivationGone;
        silo.Killed += OnKilled;

        await membership.JoinAsync(options.Host, port, siloOptions.Name, beforeActive: self =>
        {
            // Listen before the row turns Active, so no member or client sees this silo before it takes calls.
            local.Address = self;
            _connections = new ConnectionManager(new PeerIdentity($"{options.Host}:{port}", self.Generation), messenger, options.Transport, loggers, time);
            _connections.Listen(new IPEndPoint(IPAddress.Parse(options.Host), port));
            messenger.Connections = _connections;
            messages.Remote = messenger;
            messages.Directory = directory;
            return Task.CompletedTask;
        }, cancellationToken);
        OnMembershipChanged(membership.Snapshot);
        ClusterLog.Joined(_logger, local.Address.ToString(), options.Membership.ClusterId);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (membership.IsDeclaredDead)
        {
            return;
        }

        await membership.BeginShutdownAsync(cancellationToken);
        await silo.DeactivateAllAsync();
        await membership.StopAsync(cancellationToken);
        if (_connections is not null)
        {
            await _connections.DisposeAsync();
        }

        messenger.Dispose();
    }

    private void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        var active = snapshot.ActiveSilos;
        placement.Update(active);
        directory.Purge(active);
        ClusterLog.MembershipChanged(_logger, active.Count, string.Join(", ", active));
        foreach (var entry in snapshot.Entries.Where(e => e.Status == SiloStatus.Dead && e.Silo != local.Address))
        {
            _connections?.MarkDead(RemoteMessenger.EndPointOf(entry.Silo), entry.Silo.Generation);
        }

        HandOffGrainsPlacedElsewhere();
    }

    /// <summary>A grain whose owner moved (a silo joined or left) is deactivated here; its next call activates it there.</summary>
    private void HandOffGrainsPlacedElsewhere()
    {
        if (placement.Ring.IsEmpty)
        {
            return;
        }

        var moved = catalog.Activations
            .Where(a => !a.Metadata.IsStatelessWorker && !GrainLocator.UsesDirectory(a.GrainId)
                        && placement.Ring.OwnerOf(a.GrainId) is var owner && owner != local.Address)
            .ToList();
        if (moved.Count == 0)
        {
            return;
        }

        ClusterLog.HandingOff(_logger, moved.Count);
        foreach (var activation in moved)
        {
            activation.RequestDeactivation(new(DeactivationReasonCode.DuplicateActivation, "the grain is now placed on another silo"));
        }
    }

    /// <summary>A grain found through the directory deactivated here: its entry must stop naming this silo.</summary>
    private void OnActivationGone(GrainId grainId)
    {
        if (GrainLocator.UsesDirectory(grainId))
        {
            directory.Unregister(grainId, local.Address);
        }
    }

    private void OnDeclaredDead()
    {
        ClusterLog.DeclaredDead(_logger, local.Address.ToString());
        silo.Kill(); // the cluster has moved on: this silo's grains must not run or write anything more
        lifetime?.StopApplication();
    }

    private void OnKilled()
    {
        _connections?.Abort();
        messenger.Dispose();
        _ = membership.DisposeAsync().AsTask(); // as a crashed process: no goodbye written
    }

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
