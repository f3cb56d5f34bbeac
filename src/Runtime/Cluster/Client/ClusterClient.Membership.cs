using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Cluster.Messaging;

namespace Netra.Runtime.Cluster.Client;

/// <summary>How the client keeps its view of the cluster.</summary>
public sealed partial class ClusterClient
{
    /// <summary>Raised after the client applies a new membership version: grains may have moved.</summary>
    internal event Action? MembershipChanged;

    private async Task RefreshLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _refreshWanted.WaitAsync(_options.RefreshInterval, stopping);
                await RefreshAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ClientLog.RefreshFailed(_logger, exception, Identity.Name);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        MembershipSnapshot snapshot;
        try
        {
            snapshot = await _table.ReadAllAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ClientLog.RefreshFailed(_logger, exception, Identity.Name);
            _router.RetryParked(); // still fail the calls that ran out of time
            return;
        }

        Apply(snapshot);
    }

    private void Apply(MembershipSnapshot snapshot)
    {
        var previous = _snapshot;
        _snapshot = snapshot;
        var active = snapshot.ActiveSilos;
        if (snapshot.Version != previous.Version || previous.Entries.Count == 0)
        {
            _placement.Update(active);
            _directory.Purge(active);
            ClientLog.MembershipChanged(_logger, Identity.Name, active.Count, _table.ClusterId, string.Join(", ", active));
            foreach (var entry in snapshot.Entries.Where(e => e.Status == SiloStatus.Dead))
            {
                _connections.MarkDead(RemoteMessenger.EndPointOf(entry.Silo), entry.Silo.Generation);
            }

            MembershipChanged?.Invoke();
        }

        // Every active silo gets a connection, so any grain can call this client's observers back through its silo.
        foreach (var silo in active)
        {
            _ = ConnectAheadAsync(silo);
        }

        if (active.Count > 0)
        {
            _firstSilo.TrySetResult();
        }

        _router.RetryParked();
    }

    private async Task ConnectAheadAsync(Placement.SiloAddress silo)
    {
        try
        {
            await _connections.GetConnectionAsync(RemoteMessenger.EndPointOf(silo), silo.Generation);
        }
        catch (Exception exception)
        {
            ClientLog.ConnectAheadFailed(_logger, exception, silo.ToString());
        }
    }
}
