using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// The default <see cref="IWorkloadStore"/>: process memory, one partition per user, each behind its own lock, bounded
/// by <see cref="WorkloadOptions.MaxEventsPerUser"/>. Timestamps are kept to the millisecond, as in ClickHouse.
/// Queries copy the matching events' references under the lock and aggregate outside it.
/// </summary>
public sealed class EmbeddedWorkloadStore(IOptions<WorkloadOptions> options) : IWorkloadStore
{
    private readonly ConcurrentDictionary<string, UserPartition> _users = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<int> AppendAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken)
    {
        var partition = Partition(userId);
        lock (partition)
        {
            var room = Math.Max(0, options.Value.MaxEventsPerUser - partition.Count);
            var stored = Math.Min(room, events.Count);
            for (var i = 0; i < stored; i++)
            {
                var e = events[i];
                var ms = WorkloadValues.TimestampMs(e);
                var normalized = e with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms) };
                if (!partition.Datasets.TryGetValue(e.Dataset, out var list))
                {
                    list = [];
                    partition.Datasets.Add(e.Dataset, list);
                }

                list.Add(new StoredEvent(partition.NextSeq++, ms, normalized));
                partition.Count++;
            }

            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken)
    {
        var partition = Partition(userId);
        lock (partition)
        {
            IReadOnlyList<WorkloadDataset> datasets =
            [
                .. partition.Datasets
                    .Where(d => d.Value.Count > 0)
                    .OrderBy(d => d.Key, StringComparer.Ordinal)
                    .Select(d => new WorkloadDataset(
                        d.Key,
                        d.Value.Count,
                        DateTimeOffset.FromUnixTimeMilliseconds(d.Value.Min(s => s.TimestampMs)),
                        DateTimeOffset.FromUnixTimeMilliseconds(d.Value.Max(s => s.TimestampMs)))),
            ];
            return Task.FromResult(datasets);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteDatasetAsync(string userId, string dataset, CancellationToken cancellationToken)
    {
        var partition = Partition(userId);
        lock (partition)
        {
            if (!partition.Datasets.Remove(dataset, out var removed))
            {
                return Task.FromResult(false);
            }

            partition.Count -= removed.Count;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<WorkloadQueryResult> QueryAsync(string userId, WorkloadQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var matching = Matching(userId, query.Filter);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(QueryEngine.Execute(matching, query));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WorkloadEvent> ReadAsync(
        string userId, WorkloadFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var matching = Matching(userId, filter);
        matching.Sort(static (a, b) => a.TimestampMs != b.TimestampMs ? a.TimestampMs.CompareTo(b.TimestampMs) : a.Seq.CompareTo(b.Seq));
        for (var i = 0; i < matching.Count; i++)
        {
            if (i % 4096 == 4095)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield(); // a long replay lets other work run
            }

            yield return matching[i].Event;
        }
    }

    private List<StoredEvent> Matching(string userId, WorkloadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partition = Partition(userId);
        var matching = new List<StoredEvent>();
        lock (partition)
        {
            foreach (var (name, list) in partition.Datasets)
            {
                if (filter.Dataset is not null && !string.Equals(filter.Dataset, name, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var stored in list)
                {
                    if (FilterMatcher.Matches(stored, filter))
                    {
                        matching.Add(stored);
                    }
                }
            }
        }

        return matching;
    }

    private UserPartition Partition(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _users.GetOrAdd(userId, static _ => new UserPartition());
    }

    /// <summary>One user's events by dataset; guarded by locking the partition itself.</summary>
    private sealed class UserPartition
    {
        public Dictionary<string, List<StoredEvent>> Datasets { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        public long NextSeq { get; set; }
    }
}
