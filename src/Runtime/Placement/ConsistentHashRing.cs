namespace Netra.Runtime.Placement;

/// <summary>
/// The active silos on a hash ring, each at <see cref="VirtualNodesPerSilo"/> points. A grain belongs to the first
/// point at or after its hash. Every process that knows the same set of silos computes the same owner, whatever the
/// order it learned them in; adding or removing one silo moves only the grains of the ring arcs it gains or loses.
/// Immutable: membership changes build a new ring.
/// </summary>
public sealed class ConsistentHashRing
{
    /// <summary>Points per silo; enough to keep each silo's share within a few percent of the mean.</summary>
    public const int VirtualNodesPerSilo = 64;

    private readonly ulong[] _points;
    private readonly SiloAddress[] _owners;

    /// <summary>Builds the ring of <paramref name="silos"/>.</summary>
    public ConsistentHashRing(IEnumerable<SiloAddress> silos)
    {
        Silos = [.. silos.Distinct().OrderBy(s => s.ToString(), StringComparer.Ordinal)];
        var points = new List<(ulong Point, SiloAddress Silo)>(Silos.Count * VirtualNodesPerSilo);
        foreach (var silo in Silos)
        {
            for (var i = 0; i < VirtualNodesPerSilo; i++)
            {
                points.Add((StableHash.Of($"{silo}#{i}"), silo));
            }
        }

        // Ties (vanishingly rare) break by address, so every process orders them alike.
        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : string.CompareOrdinal(a.Silo.ToString(), b.Silo.ToString()));
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Silo)];
    }

    /// <summary>The silos on the ring, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> Silos { get; }

    /// <summary>Whether the ring has no silo.</summary>
    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="grainId"/>.</summary>
    public SiloAddress OwnerOf(GrainId grainId) => OwnerOf(StableHash.Of(grainId));

    /// <summary>The silo that owns the point <paramref name="hash"/>.</summary>
    public SiloAddress OwnerOf(ulong hash)
    {
        if (_points.Length == 0)
        {
            throw new SiloUnavailableException("No active silo is known, so no grain can be placed.");
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
