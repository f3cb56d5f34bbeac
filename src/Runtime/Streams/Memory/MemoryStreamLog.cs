using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Netra.Runtime.Streams.Memory;

/// <summary>
/// Streams kept in process memory: the embedded default. Durable for the life of the process. Each stream trims
/// itself on append, by count in chunks (so an append never shifts the whole list) and by age; reads never return
/// more than the retained count.
/// </summary>
internal sealed class MemoryStreamLog(IOptions<StreamOptions> options, TimeProvider time) : IStreamLog
{
    private readonly ConcurrentDictionary<StreamId, Entry> _streams = new();
    private readonly StreamOptions _options = options.Value;

    public Task<long> GetLastSequenceAsync(StreamId stream, CancellationToken cancellationToken) =>
        Task.FromResult(_streams.TryGetValue(stream, out var entry) ? entry.Last : 0);

    public Task AppendAsync(StreamId stream, long expectedLast, IReadOnlyList<StreamRecord> records, CancellationToken cancellationToken)
    {
        var entry = _streams.GetOrAdd(stream, static _ => new Entry());
        lock (entry)
        {
            if (entry.Last != expectedLast)
            {
                throw new StreamConflictException($"Stream {stream} is at {entry.Last}, not {expectedLast}.");
            }

            entry.Items.AddRange(records);
            entry.Last = records.Count == 0 ? entry.Last : records[^1].Sequence;
            var excess = entry.Items.Count - _options.MaxItemsPerStream;
            if (excess > Math.Max(1, _options.MaxItemsPerStream / 8))
            {
                entry.Items.RemoveRange(0, excess);
            }

            TrimByAge(entry, time.GetUtcNow() - _options.Retention);
        }

        return Task.CompletedTask;
    }

    public Task<StreamReadResult> ReadAsync(StreamId stream, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(stream, out var entry))
        {
            return Task.FromResult(new StreamReadResult([], 0, 1));
        }

        lock (entry)
        {
            TrimByAge(entry, time.GetUtcNow() - _options.Retention);
            var firstRetained = Math.Max(entry.Last - _options.MaxItemsPerStream + 1, entry.Items.Count == 0 ? entry.Last + 1 : entry.Items[0].Sequence);
            var from = Math.Max(afterSequence + 1, firstRetained);
            var items = new List<StreamRecord>();
            if (entry.Items.Count > 0 && from <= entry.Last)
            {
                var index = (int)(from - entry.Items[0].Sequence);
                var count = (int)Math.Min(maxCount, entry.Items.Count - index);
                items.AddRange(entry.Items.GetRange(index, Math.Max(0, count)));
            }

            return Task.FromResult(new StreamReadResult(items, entry.Last, firstRetained));
        }
    }

    public Task TrimAsync(StreamId stream, long upToSequence, DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(stream, out var entry))
        {
            lock (entry)
            {
                var bySequence = entry.Items.Count == 0 ? 0 : (int)Math.Clamp(upToSequence - entry.Items[0].Sequence + 1, 0, entry.Items.Count);
                entry.Items.RemoveRange(0, bySequence);
                TrimByAge(entry, olderThan);
            }
        }

        return Task.CompletedTask;
    }

    private static void TrimByAge(Entry entry, DateTimeOffset olderThan)
    {
        var stale = 0;
        while (stale < entry.Items.Count && entry.Items[stale].Timestamp < olderThan)
        {
            stale++;
        }

        if (stale > 0)
        {
            entry.Items.RemoveRange(0, stale);
        }
    }

    /// <summary>One stream: its retained items, contiguous by sequence number, and its last sequence number.</summary>
    private sealed class Entry
    {
        public List<StreamRecord> Items { get; } = [];

        public long Last { get; set; }
    }
}
