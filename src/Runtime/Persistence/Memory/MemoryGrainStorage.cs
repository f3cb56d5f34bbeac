using System.Collections.Concurrent;
using System.Globalization;

namespace Netra.Runtime.Persistence.Memory;

/// <summary>
/// Grain storage in process memory, for the embedded default and tests. It keeps the same contract as the
/// PostgreSQL provider: payloads are copied (no aliasing between activations), versions only grow, clearing leaves
/// a tombstone, and every write is a compare-and-swap on the version.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId Grain, string State), Entry> _entries = new();

    /// <summary>How many states are stored, tombstones included.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public Task<StoredState> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue((grainId, stateName), out var entry)
            ? new StoredState(entry.Payload, Format(entry.Version))
            : StoredState.Missing);

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (grainId, stateName);
        var copy = payload.ToArray();
        if (expectedEtag is null)
        {
            return _entries.TryAdd(key, new Entry(copy, 1))
                ? Task.FromResult(Format(1))
                : throw Conflict(grainId, stateName, expectedEtag);
        }

        var current = Current(key, grainId, stateName, expectedEtag);
        var next = new Entry(copy, current.Version + 1);
        return _entries.TryUpdate(key, next, current)
            ? Task.FromResult(Format(next.Version))
            : throw Conflict(grainId, stateName, expectedEtag);
    }

    /// <inheritdoc />
    public Task<string?> ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (grainId, stateName);
        if (expectedEtag is null)
        {
            return _entries.ContainsKey(key) ? throw Conflict(grainId, stateName, expectedEtag) : Task.FromResult<string?>(null);
        }

        var current = Current(key, grainId, stateName, expectedEtag);
        var tombstone = new Entry(null, current.Version + 1);
        return _entries.TryUpdate(key, tombstone, current)
            ? Task.FromResult<string?>(Format(tombstone.Version))
            : throw Conflict(grainId, stateName, expectedEtag);
    }

    private Entry Current((GrainId, string) key, GrainId grainId, string stateName, string expectedEtag) =>
        _entries.TryGetValue(key, out var current) && Format(current.Version) == expectedEtag
            ? current
            : throw Conflict(grainId, stateName, expectedEtag, current is null ? null : Format(current.Version));

    private static InconsistentStateException Conflict(GrainId grainId, string stateName, string? expected, string? stored = null) =>
        new($"State '{stateName}' of {grainId} was changed by another writer: expected version {expected ?? "(none)"}, stored {stored ?? "a different one"}.", stored, expected);

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored version. A class, so compare-and-swap compares identity, not contents.</summary>
    private sealed class Entry(byte[]? payload, long version)
    {
        public byte[]? Payload { get; } = payload;

        public long Version { get; } = version;
    }
}
