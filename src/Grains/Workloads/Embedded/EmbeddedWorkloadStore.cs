using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>
/// The default <see cref="IWorkloadStore"/>: process memory, one partition per user, each behind its own lock, bounded
/// by <see cref="WorkloadOptions.MaxEventsPerUser"/>. Timestamps are kept to the millisecond, as in ClickHouse.
/// Each dataset is a <see cref="DatasetTable"/> of columns; a query takes a snapshot of the columns it reads under the
/// lock and aggregates outside it (<see cref="QueryEngine"/>), without copying events.
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
                if (!partition.Datasets.TryGetValue(e.Dataset, out var table))
                {
                    table = new DatasetTable(e.Dataset);
                    partition.Datasets.Add(e.Dataset, table);
                }

                table.Add(partition.NextSeq++, ms, normalized);
                partition.Count++;
            }

            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkloadDataset>> ListDatasetsAsync(string userId, CancellationToken cancellationToken)
    {
        var partition = Partition(userId);
        IReadOnlyList<WorkloadDataset> datasets =
        [
            .. Snapshot(partition, [], [])
                .Where(t => t.Count > 0)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new WorkloadDataset(
                    t.Name,
                    t.Count,
                    DateTimeOffset.FromUnixTimeMilliseconds(t.Timestamps.Take(t.Count).Min()),
                    DateTimeOffset.FromUnixTimeMilliseconds(t.Timestamps.Take(t.Count).Max()))),
        ];
        return Task.FromResult(datasets);
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
        var tables = Snapshot(Partition(userId), QueryEngine.Fields(query), QueryEngine.Dimensions(query));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(QueryEngine.Execute(tables, query));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WorkloadEvent> ReadAsync(
        string userId, WorkloadFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var matching = Matching(Partition(userId), filter);
        Array.Sort(matching, static (a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : a.Seq.CompareTo(b.Seq));
        for (var i = 0; i < matching.Length; i++)
        {
            if (i % 4096 == 4095)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield(); // a long replay lets other work run
            }

            yield return matching[i].Event;
        }
    }

    /// <summary>The events <paramref name="filter"/> keeps, with their timestamps and arrival order, unordered.</summary>
    private static (long Timestamp, long Seq, WorkloadEvent Event)[] Matching(UserPartition partition, WorkloadFilter filter)
    {
        using var scratch = new Scratch();
        var selections = QueryEngine.Select(Snapshot(partition, RowFilter.Fields(filter), RowFilter.Dimensions(filter)), filter, scratch);
        var matching = new (long Timestamp, long Seq, WorkloadEvent Event)[selections.Sum(s => s.Count)];
        var at = 0;
        foreach (var (table, rows, count) in selections)
        {
            for (var k = 0; k < count; k++)
            {
                matching[at++] = (table.Timestamps[rows[k]], table.Seqs[rows[k]], table.Events[rows[k]]);
            }
        }

        return matching;
    }

    /// <summary>The partition's tables as of now, in the order the partition keeps them, with the columns named built.</summary>
    private static List<TableSnapshot> Snapshot(UserPartition partition, IEnumerable<WorkloadField> fields, IEnumerable<WorkloadDimension> dimensions)
    {
        var fieldList = fields.Distinct().ToList();
        var dimensionList = dimensions.Distinct().ToList();
        lock (partition)
        {
            return [.. partition.Datasets.Values.Select(t => t.Snapshot(fieldList, dimensionList))];
        }
    }

    private UserPartition Partition(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _users.GetOrAdd(userId, static _ => new UserPartition());
    }

    /// <summary>One user's events by dataset; guarded by locking the partition itself.</summary>
    private sealed class UserPartition
    {
        public Dictionary<string, DatasetTable> Datasets { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        public long NextSeq { get; set; }
    }
}
