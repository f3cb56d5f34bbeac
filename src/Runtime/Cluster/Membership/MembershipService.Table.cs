using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>The service's reads and compare-and-swap writes of the membership table.</summary>
public sealed partial class MembershipService
{
    /// <summary>
    /// Writes this silo's Joining row with a generation above every earlier one on the endpoint. A live row of an
    /// earlier incarnation is declared Dead first: this process owns the endpoint, so that incarnation is gone.
    /// </summary>
    private async Task<SiloAddress> InsertJoiningRowAsync(string host, int port, string siloName, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            var snapshot = await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var probe = new SiloAddress(host, port, 0);
            var sameEndpoint = snapshot.Entries.Where(e => e.IsSameEndpoint(probe)).ToList();
            var generation = Math.Max(
                now.ToUnixTimeMilliseconds(), sameEndpoint.Count == 0 ? 1 : sameEndpoint.Max(e => e.Silo.Generation) + 1);
            var self = new SiloAddress(host, port, generation);

            if (sameEndpoint.FirstOrDefault(e => e.Status != SiloStatus.Dead) is { } stale)
            {
                // Older than self by construction. Declare it Dead, then try again on a fresh snapshot.
                if (await _table.UpdateRowAsync(stale with { Status = SiloStatus.Dead }, stale.Etag, snapshot.Version, cancellationToken)
                        .ConfigureAwait(false))
                {
                    MembershipLog.StaleRowDeclaredDead(_logger, stale.Silo.ToString(), self.ToString());
                }
                else
                {
                    MembershipLog.WriteConflict(_logger, "Declaring a stale row Dead", self.ToString(), attempt);
                }

                continue;
            }

            var entry = new MembershipEntry(self, siloName, SiloStatus.Joining, now, now);
            if (await _table.InsertRowAsync(entry, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                return self;
            }

            MembershipLog.WriteConflict(_logger, "Join", self.ToString(), attempt);
        }

        MembershipLog.WriteGaveUp(_logger, "Join", $"{host}:{port}", _options.MaxWriteAttempts);
        throw new InvalidOperationException(
            $"Silo {host}:{port} could not join cluster {_table.ClusterId}: {_options.MaxWriteAttempts} compare-and-swap conflicts in a row.");
    }

    /// <summary>Moves this silo's own row to <paramref name="status"/>; false if the row is Dead or the writes kept conflicting.</summary>
    private async Task<bool> WriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        var written = await UpdateWithRetriesAsync(
            _self!, $"Status {status}", (row, _) => row with { Status = status, IAmAliveTime = _time.GetUtcNow() }, cancellationToken)
            .ConfigureAwait(false);
        if (written)
        {
            MembershipLog.StatusChanged(_logger, Name, status);
        }

        return written;
    }

    /// <summary>
    /// Reads a fresh snapshot, applies <paramref name="change"/> to the row of <paramref name="target"/> and writes it
    /// with a compare-and-swap, retrying on conflicts. False if the row is missing or Dead, if
    /// <paramref name="change"/> returns null (nothing to write), or after <see cref="MembershipOptions.MaxWriteAttempts"/>.
    /// </summary>
    private async Task<bool> UpdateWithRetriesAsync(
        SiloAddress target,
        string operation,
        Func<MembershipEntry, MembershipSnapshot, MembershipEntry?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            var snapshot = await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
            if (_declaredDead || snapshot.Find(target) is not { Status: not SiloStatus.Dead } row || change(row, snapshot) is not { } updated)
            {
                return false;
            }

            if (await _table.UpdateRowAsync(updated, row.Etag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            MembershipLog.WriteConflict(_logger, operation, target.ToString(), attempt);
        }

        MembershipLog.WriteGaveUp(_logger, operation, target.ToString(), _options.MaxWriteAttempts);
        return false;
    }

    private async Task<MembershipSnapshot> ReadAndPublishAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        Publish(snapshot);
        return snapshot;
    }

    /// <summary>Keeps <paramref name="snapshot"/> unless a newer one is kept already; raises the events it implies.</summary>
    private void Publish(MembershipSnapshot snapshot)
    {
        MembershipSnapshot previous;
        lock (_lock)
        {
            previous = _snapshot;
            if (snapshot.Version < previous.Version)
            {
                return;
            }

            _snapshot = snapshot;
        }

        if (snapshot.Version != previous.Version)
        {
            MembershipLog.SnapshotChanged(_logger, Name, snapshot.Version, snapshot.ActiveSilos.Count);
            Raise(MembershipChanged, nameof(MembershipChanged), handler => ((Action<MembershipSnapshot>)handler)(snapshot));
        }

        if (_self is { } self && !_declaredDead && !_leaving && snapshot.Find(self) is not { Status: not SiloStatus.Dead })
        {
            // Dead is final: never write again, never un-dead. The host stops the silo; a restart joins anew.
            _declaredDead = true;
            MembershipLog.DeclaredSelfDead(_logger, Name);
            _loopCancellation?.Cancel();
            Raise(DeclaredDead, nameof(DeclaredDead), handler => ((Action)handler)());
        }
    }

    /// <summary>Calls each handler in turn; one that throws is logged and does not keep the others from running.</summary>
    private void Raise(Delegate? handlers, string eventName, Action<Delegate> invoke)
    {
        foreach (var handler in handlers?.GetInvocationList() ?? [])
        {
            try
            {
                invoke(handler);
            }
            catch (Exception e)
            {
                MembershipLog.HandlerFailed(_logger, e, eventName, Name);
            }
        }
    }
}
