namespace Netra.Runtime;

/// <summary>
/// A grain storage provider. Every provider keeps the same contract: a write or clear succeeds only if the stored
/// version equals <see cref="StoredState.Etag"/> (null meaning "nothing stored yet"), and otherwise throws
/// <see cref="InconsistentStateException"/>. Clearing leaves a tombstone with a new version, so an old ETag can never
/// match again.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the stored state, or <see cref="StoredState.Missing"/>.</summary>
    Task<StoredState> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="payload"/> if storage holds <paramref name="expectedEtag"/>; returns the new ETag.</summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Clears the state if storage holds <paramref name="expectedEtag"/>; returns the tombstone's ETag.</summary>
    Task<string?> ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>Runs once when a silo starts, before it takes calls: schema migrations and the like.</summary>
public interface IStorageInitializer
{
    /// <summary>Prepares the store. Must be safe to run twice and from several silos at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}

/// <summary>What storage holds for one grain state: the serialized payload (null when none) and its version.</summary>
public sealed record StoredState(ReadOnlyMemory<byte>? Payload, string? Etag)
{
    /// <summary>Nothing was ever stored.</summary>
    public static StoredState Missing { get; } = new(null, null);
}
