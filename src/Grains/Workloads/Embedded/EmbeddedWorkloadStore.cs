using System.Buffers;
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
    private readonly ConditionalWeakTable<IReadOnlyList<WorkloadEvent>, DatasetTable> _shared = new();

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
                if (!partition.Datasets.TryGetValue(e.Dataset, out var table) || table.Shared)
                {
                    table = table?.CopyForWrite() ?? new DatasetTable(e.Dataset);
                    partition.Datasets[e.Dataset] = table;
                }

                table.Add(partition.NextSeq++, ms, normalized);
                partition.Count++;
            }

            return Task.FromResult(stored);
        }
    }

    /// <summary>
    /// Appends events that many users receive unchanged, such as the demo data, to a user who has no events yet: the
    /// first call with a given list (one dataset) builds its table once, and every later call with the same list
    /// gives the user that same table, copied only if the user appends to its dataset. Otherwise, or when the list
    /// does not fit the user's capacity, it appends as <see cref="AppendAsync"/> does.
    /// </summary>
    /// <returns>How many of <paramref name="events"/> were stored.</returns>
    public Task<int> AppendSharedAsync(string userId, IReadOnlyList<WorkloadEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var partition = Partition(userId);
        if (events.Count > 0 && events.All(e => string.Equals(e.Dataset, events[0].Dataset, StringComparison.Ordinal)))
        {
            lock (partition)
            {
                if (partition.Count == 0 && partition.NextSeq == 0 && events.Count <= options.Value.MaxEventsPerUser)
                {
                    var table = _shared.GetValue(events, Share);
                    partition.Datasets[table.Name] = table;
                    partition.Count = table.Count;
                    partition.NextSeq = table.Count;
                    return Task.FromResult(table.Count);
                }
            }
        }

        return AppendAsync(userId, events, cancellationToken);
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
    /// <remarks>The per-bucket rows are aggregated in memory as any query, then reduced: nothing travels here.</remarks>
    public async Task<IReadOnlyList<WorkloadPeakRow>> PeaksAsync(string userId, WorkloadPeakQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return query.Reduce((await QueryAsync(userId, query.PerBucket, cancellationToken)).Rows);
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
        var (order, events, count) = Matching(Partition(userId), filter);
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (i % 4096 == 4095)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield(); // a long replay lets other work run
                }

                yield return events[i];
            }
        }
        finally
        {
            ArrayPool<EventOrder>.Shared.Return(order);
            ArrayPool<WorkloadEvent>.Shared.Return(events, clearArray: true);
        }
    }

    /// <summary>
    /// The events <paramref name="filter"/> keeps, in timestamp order with ties in arrival order, in arrays rented from
    /// the shared pools (the caller returns them). Events mostly arrive in time order, so the sort is skipped when the
    /// selection is already in order.
    /// </summary>
    private static (EventOrder[] Order, WorkloadEvent[] Events, int Count) Matching(UserPartition partition, WorkloadFilter filter)
    {
        using var scratch = new Scratch();
        var selections = QueryEngine.Select(Snapshot(partition, RowFilter.Fields(filter), RowFilter.Dimensions(filter)), filter, scratch);
        var count = selections.Sum(s => s.Count);
        var order = ArrayPool<EventOrder>.Shared.Rent(Math.Max(1, count));
        var events = ArrayPool<WorkloadEvent>.Shared.Rent(Math.Max(1, count));
        var at = 0;
        var sorted = true;
        foreach (var (table, rows, selected) in selections)
        {
            for (var k = 0; k < selected; k++, at++)
            {
                order[at] = new EventOrder(table.Timestamps[rows[k]], table.Seqs[rows[k]]);
                events[at] = table.Events[rows[k]];
                sorted &= at == 0 || order[at - 1].CompareTo(order[at]) < 0;
            }
        }

        if (!sorted)
        {
            Array.Sort(order, events, 0, count);
        }

        return (order, events, count);
    }

    /// <summary>The shared table of <paramref name="events"/>: their order is their arrival order, from 0.</summary>
    private static DatasetTable Share(IReadOnlyList<WorkloadEvent> events)
    {
        var table = new DatasetTable(events[0].Dataset) { Shared = true };
        for (var i = 0; i < events.Count; i++)
        {
            var ms = WorkloadValues.TimestampMs(events[i]);
            table.Add(i, ms, events[i] with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms) });
        }

        return table;
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

    /// <summary>The order of streamed events: by timestamp, then arrival.</summary>
    private readonly record struct EventOrder(long Timestamp, long Seq) : IComparable<EventOrder>
    {
        public int CompareTo(EventOrder other) => Timestamp != other.Timestamp ? Timestamp.CompareTo(other.Timestamp) : Seq.CompareTo(other.Seq);
    }

    /// <summary>One user's events by dataset; guarded by locking the partition itself.</summary>
    private sealed class UserPartition
    {
        public Dictionary<string, DatasetTable> Datasets { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }

        public long NextSeq { get; set; }
    }
}
