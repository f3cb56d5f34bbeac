using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Membership;

/// <summary>
/// A membership table in process memory, with the semantics of <see cref="PostgresMembershipTable"/>: for tests and
/// for the embedded single process. Every operation runs under one lock, so each is atomic.
/// </summary>
public sealed class InMemoryMembershipTable(string clusterId) : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _rows = [];
    private long _version;

    /// <inheritdoc />
    public string ClusterId { get; } = clusterId;

    /// <inheritdoc />
    public Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var entries = _rows.Values
                .OrderBy(e => e.Silo.Host, StringComparer.Ordinal)
                .ThenBy(e => e.Silo.Port)
                .ThenBy(e => e.Silo.Generation)
                .ToList();
            return Task.FromResult(new MembershipSnapshot(_version, entries));
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_version != expectedVersion || _rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            // The partial unique index of the PostgreSQL table: one live row per address and port.
            if (entry.Status != SiloStatus.Dead
                && _rows.Values.Any(e => e.Status != SiloStatus.Dead && e.IsSameEndpoint(entry.Silo)))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = entry with { Etag = 1, Suspicions = [.. entry.Suspicions] };
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(
        MembershipEntry entry, long expectedEtag, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_version != expectedVersion
                || !_rows.TryGetValue(entry.Silo, out var stored)
                || stored.Etag != expectedEtag
                || stored.Status == SiloStatus.Dead)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = stored with
            {
                SiloName = entry.SiloName,
                Status = entry.Status,
                IAmAliveTime = Max(stored.IAmAliveTime, entry.IAmAliveTime),
                Suspicions = [.. entry.Suspicions],
                Etag = stored.Etag + 1,
            };
            _version++;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_rows.TryGetValue(silo, out var stored) && stored.Status != SiloStatus.Dead)
            {
                _rows[silo] = stored with { IAmAliveTime = Max(stored.IAmAliveTime, time) };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctEntriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var defunct = _rows.Values
                .Where(e => e.Status == SiloStatus.Dead && e.IAmAliveTime < olderThan)
                .Select(e => e.Silo)
                .ToList();
            foreach (var silo in defunct)
            {
                _rows.Remove(silo);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
