using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>The service's failure detector: probes, suspicion votes and death declarations.</summary>
public sealed partial class MembershipService
{
    /// <summary>
    /// The silos <paramref name="self"/> watches: its next <paramref name="count"/> successors on the ring of live
    /// (not Dead) silos, ordered by address. Each silo is thus watched by as many predecessors.
    /// </summary>
    internal static IReadOnlyList<SiloAddress> ProbeTargets(MembershipSnapshot snapshot, SiloAddress self, int count)
    {
        var ring = snapshot.Entries
            .Where(e => e.Status != SiloStatus.Dead)
            .Select(e => e.Silo)
            .Append(self)
            .Distinct()
            .OrderBy(s => s.Host, StringComparer.Ordinal)
            .ThenBy(s => s.Port)
            .ThenBy(s => s.Generation)
            .ToList();
        var index = ring.IndexOf(self);
        return [.. Enumerable.Range(1, Math.Min(count, ring.Count - 1)).Select(i => ring[(index + i) % ring.Count])];
    }

    private async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        var self = _self!;
        var snapshot = Snapshot;
        var targets = ProbeTargets(snapshot, self, _options.NumProbedSilos);
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        var answered = await Task.WhenAll(targets.Select(t => ProbeAsync(t, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < targets.Count && IsRunning; i++)
        {
            var target = targets[i];
            if (answered[i])
            {
                _missedProbes.Remove(target);
                continue;
            }

            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            MembershipLog.ProbeMissed(_logger, Name, target.ToString(), missed);
            var heartbeatIsStale = snapshot.Find(target) is { } row && _time.GetUtcNow() - row.IAmAliveTime > _options.IAmAliveStaleAfter;
            if (missed >= _options.NumMissedProbesLimit || heartbeatIsStale)
            {
                // Start counting again: if the target stays silent, this silo renews its vote after as many misses.
                _missedProbes.Remove(target);
                await SuspectAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>True if <paramref name="target"/> answered within the probe timeout; a throw or a timeout is a miss.</summary>
    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // WaitAsync: a prober that ignores its token still counts as missed at the timeout.
            return await _prober.ProbeAsync(target, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            MembershipLog.ProbeThrew(_logger, e, Name, target.ToString());
            return false;
        }
    }

    /// <summary>
    /// Adds this silo's vote against <paramref name="target"/>, and declares it Dead in the same write when the fresh
    /// votes of live voters reach <see cref="MembershipOptions.NumVotesForDeathDeclaration"/>, capped at the number of
    /// live silos that could vote (so one vote when only two silos are live). Only an Active silo votes.
    /// </summary>
    private async Task SuspectAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var self = _self!;
        var votes = 0;
        var needed = 0;
        var declared = false;
        var written = await UpdateWithRetriesAsync(target, "Suspicion vote", (row, snapshot) =>
        {
            if (snapshot.Find(self)?.Status != SiloStatus.Active)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var fresh = row.Suspicions
                .Where(v => v.Voter != self
                    && now - v.Time < _options.DeathVoteExpiration
                    && snapshot.Find(v.Voter) is { Status: not SiloStatus.Dead })
                .Append(new SuspectVote(self, now))
                .ToList();
            var live = snapshot.Entries.Count(e => e.Status != SiloStatus.Dead);
            needed = Math.Clamp(_options.NumVotesForDeathDeclaration, 1, Math.Max(1, live - 1));
            votes = fresh.Count;
            declared = votes >= needed;
            return row with { Suspicions = fresh, Status = declared ? SiloStatus.Dead : row.Status };
        }, cancellationToken).ConfigureAwait(false);

        if (!written)
        {
            return;
        }

        if (declared)
        {
            MembershipLog.DeclaredTargetDead(_logger, Name, target.ToString(), votes);
        }
        else
        {
            MembershipLog.Suspected(_logger, Name, target.ToString(), votes, needed);
        }
    }
}
