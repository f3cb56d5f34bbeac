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
            ? new StoredState(entry.Payload is { } payload ? payload : (ReadOnlyMemory<byte>?)null, Format(entry.Version)) // a tombstone has no payload, not an empty one
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
                : Task.FromException<string>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)));
        }

        if (!TryGetExpected(key, expectedEtag, out var current))
        {
            return Task.FromException<string>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)));
        }

        var next = new Entry(copy, current.Version + 1);
        return _entries.TryUpdate(key, next, current)
            ? Task.FromResult(Format(next.Version))
            : Task.FromException<string>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)));
    }

    /// <inheritdoc />
    public Task<string?> ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (grainId, stateName);
        if (expectedEtag is null)
        {
            return _entries.ContainsKey(key)
                ? Task.FromException<string?>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)))
                : Task.FromResult<string?>(null);
        }

        if (!TryGetExpected(key, expectedEtag, out var current))
        {
            return Task.FromException<string?>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)));
        }

        var tombstone = new Entry(null, current.Version + 1);
        return _entries.TryUpdate(key, tombstone, current)
            ? Task.FromResult<string?>(Format(tombstone.Version))
            : Task.FromException<string?>(Conflict(grainId, stateName, expectedEtag, StoredVersion(key)));
    }

    private bool TryGetExpected((GrainId, string) key, string expectedEtag, out Entry current) =>
        _entries.TryGetValue(key, out current!) && Format(current.Version) == expectedEtag;

    private string? StoredVersion((GrainId, string) key) => _entries.TryGetValue(key, out var entry) ? Format(entry.Version) : null;

    private static InconsistentStateException Conflict(GrainId grainId, string stateName, string? expected, string? stored) =>
        new($"State '{stateName}' of {grainId} was changed by another writer: expected version {expected ?? "(none)"}, stored {stored ?? "(none)"}.", stored, expected);

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>A stored version. A class, so compare-and-swap compares identity, not contents.</summary>
    private sealed class Entry(byte[]? payload, long version)
    {
        public byte[]? Payload { get; } = payload;

        public long Version { get; } = version;
    }
}
