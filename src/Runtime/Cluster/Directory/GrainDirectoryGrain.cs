using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Directory;

/// <summary>
/// The directory entry of one grain whose placement is not a hash (random or prefer-local): which silo hosts its
/// activation. The entry is itself a grain, keyed by the grain's id and placed by hash, so every silo and client
/// asks the same one; its state is persisted, so a hand-off or a dead silo does not lose it.
/// </summary>
internal interface IGrainDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// The silo that hosts the grain: the registered one while it is active, else <paramref name="candidate"/>, which
    /// becomes the registered one.
    /// </summary>
    Task<SiloAddress> RegisterAsync(SiloAddress candidate);

    /// <summary>Forgets the entry if it still names <paramref name="silo"/>: its activation there has gone.</summary>
    [OneWay]
    Task UnregisterAsync(SiloAddress silo);
}

/// <summary>A directory entry's stored state.</summary>
internal sealed record GrainDirectoryEntry
{
    /// <summary>The silo hosting the activation, or null.</summary>
    public SiloAddress? Silo { get; init; }
}

[GrainType(GrainType)]
internal sealed class GrainDirectoryGrain(
    [PersistentState("entry")] IPersistentState<GrainDirectoryEntry> entry,
    ClusterPlacementDirector placement) : Grain, IGrainDirectoryGrain
{
    public const string GrainType = "netra.directory";

    public async Task<SiloAddress> RegisterAsync(SiloAddress candidate)
    {
        if (entry.State.Silo is { } registered && placement.Ring.Silos.Contains(registered))
        {
            return registered;
        }

        entry.State = new GrainDirectoryEntry { Silo = candidate };
        await entry.WriteStateAsync();
        return candidate;
    }

    public async Task UnregisterAsync(SiloAddress silo)
    {
        if (entry.State.Silo == silo)
        {
            await entry.ClearStateAsync();
        }
    }
}
