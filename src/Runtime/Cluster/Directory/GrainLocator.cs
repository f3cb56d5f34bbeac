using System.Collections.Concurrent;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster.Directory;

/// <summary>
/// Finds the activations of grains placed at random or on the calling silo, which no hash can name: it asks the
/// grain's <see cref="IGrainDirectoryGrain"/> and caches the answer until membership drops that silo. A silo and a
/// cluster client each have one.
/// </summary>
internal sealed class GrainLocator(ClusterPlacementDirector placement, LocalSiloDetails? local, Func<IGrainFactory> factory)
{
    /// <summary>How many times a directory call is tried while the entry's silo fails over.</summary>
    private const int DirectoryAttempts = 7;

    private static readonly TimeSpan s_firstPause = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _cache = new();

    /// <summary>Whether <paramref name="grainId"/> is a stateful grain with random or prefer-local placement.</summary>
    public static bool UsesDirectory(GrainId grainId) =>
        GrainTypeRegistry.TryGetGrainClass(grainId.Type, out var metadata)
        && !metadata.IsStatelessWorker
        && metadata.Placement is PlacementStrategy.Random or PlacementStrategy.PreferLocal;

    /// <summary>The cached host of <paramref name="grainId"/>, if it is still an active silo.</summary>
    public bool TryGetCached(GrainId grainId, out SiloAddress silo) =>
        _cache.TryGetValue(grainId, out silo!) && placement.Ring.Silos.Contains(silo);

    /// <summary>The host of <paramref name="grainId"/>, registering a silo its strategy picks when it has none.</summary>
    public Task<SiloAddress> LocateAsync(GrainId grainId) => RegisterAsync(grainId, () => Candidate(grainId));

    /// <summary>The host of <paramref name="grainId"/>, registering <paramref name="candidate"/> when it has none.</summary>
    public Task<SiloAddress> RegisterAsync(GrainId grainId, SiloAddress candidate) => RegisterAsync(grainId, () => candidate);

    /// <summary>
    /// Asks the grain's directory entry, again while the entry's silo is failing over (the call then fails fast with
    /// <see cref="SiloUnavailableException"/> until membership declares the silo dead and the entry moves to a live one,
    /// a few seconds): a caller sees the error only after <see cref="DirectoryAttempts"/> tries over about 6 s.
    /// </summary>
    private async Task<SiloAddress> RegisterAsync(GrainId grainId, Func<SiloAddress> candidate)
    {
        var pause = s_firstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var silo = await Entry(grainId).RegisterAsync(candidate()).ConfigureAwait(false);
                _cache[grainId] = silo;
                return silo;
            }
            catch (SiloUnavailableException) when (attempt < DirectoryAttempts)
            {
                await Task.Delay(pause).ConfigureAwait(false);
                pause *= 2;
            }
        }
    }

    /// <summary>Forgets a cached host that could not be reached.</summary>
    public void Invalidate(GrainId grainId) => _cache.TryRemove(grainId, out _);

    /// <summary>The activation of <paramref name="grainId"/> on <paramref name="silo"/> has gone.</summary>
    public void Unregister(GrainId grainId, SiloAddress silo)
    {
        _cache.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grainId, silo));
        _ = Entry(grainId).UnregisterAsync(silo);
    }

    /// <summary>Drops cached hosts that are no longer active.</summary>
    public void Purge(IReadOnlyCollection<SiloAddress> active)
    {
        foreach (var (grainId, silo) in _cache)
        {
            if (!active.Contains(silo))
            {
                _cache.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grainId, silo));
            }
        }
    }

    private SiloAddress Candidate(GrainId grainId)
    {
        var silos = placement.Ring.Silos;
        if (silos.Count == 0)
        {
            throw new SiloUnavailableException($"No silo of the cluster is active, so {grainId} cannot be placed.");
        }

        GrainTypeRegistry.TryGetGrainClass(grainId.Type, out var metadata);
        return metadata?.Placement == PlacementStrategy.PreferLocal && local is { Address: var self } && silos.Contains(self)
            ? self
            : silos[Random.Shared.Next(silos.Count)];
    }

    private IGrainDirectoryGrain Entry(GrainId grainId) => factory().GetGrain<IGrainDirectoryGrain>(grainId.ToString());
}
