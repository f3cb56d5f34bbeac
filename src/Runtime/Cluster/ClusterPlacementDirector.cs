using Netra.Runtime.Placement;

namespace Netra.Runtime.Cluster;

/// <summary>
/// Places stateful grains on the consistent-hash ring of the active silos, so every silo and client that sees the
/// same membership agrees where a grain lives without asking anyone. Stateless workers spread round-robin over the
/// active silos by default, so a fan-out of tool calls uses every silo, or go to a random silo or the calling one
/// (<see cref="RandomPlacementAttribute"/>, <see cref="PreferLocalPlacementAttribute"/>), and run wherever they arrive. A silo passes its own
/// details (it places on itself until it has joined); a cluster client passes none.
/// </summary>
internal sealed class ClusterPlacementDirector(LocalSiloDetails? local) : IPlacementDirector
{
    private ConsistentHashRing _ring = new([]);
    private int _spread;

    public ConsistentHashRing Ring => Volatile.Read(ref _ring);

    public void Update(IEnumerable<SiloAddress> activeSilos) => Volatile.Write(ref _ring, new ConsistentHashRing(activeSilos));

    public SiloAddress Locate(GrainId grainId)
    {
        var ring = Ring;
        if (ring.IsEmpty)
        {
            return local?.Address // not joined yet: this silo is the only one it knows
                   ?? throw new SiloUnavailableException($"No silo of the cluster is active, so {grainId} cannot be placed.");
        }

        if (!IsStatelessWorker(grainId, out var placement))
        {
            return ring.OwnerOf(grainId);
        }

        var silos = ring.Silos;
        return placement switch
        {
            PlacementStrategy.PreferLocal when local is { Address: var self } && silos.Contains(self) => self,
            PlacementStrategy.PreferLocal or PlacementStrategy.Random => silos[Random.Shared.Next(silos.Count)],
            _ => silos[(int)((uint)Interlocked.Increment(ref _spread) % (uint)silos.Count)],
        };
    }

    public SiloAddress? OwnerOnArrival(GrainId grainId) => IsStatelessWorker(grainId, out _) ? null : Locate(grainId);

    private static bool IsStatelessWorker(GrainId grainId, out PlacementStrategy placement)
    {
        if (GrainTypeRegistry.TryGetGrainClass(grainId.Type, out var metadata) && metadata.IsStatelessWorker)
        {
            placement = metadata.Placement;
            return true;
        }

        placement = PlacementStrategy.Hash;
        return false;
    }
}
