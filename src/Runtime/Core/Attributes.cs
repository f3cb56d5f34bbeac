namespace Netra.Runtime;

/// <summary>
/// Lets requests to this grain interleave at awaits. Code still runs one piece at a time; only the
/// turn-per-request rule is lifted. Write the invariant that makes interleaving safe beside the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Lets calls to this interface method interleave with any other request of the grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>The caller does not wait for this method: its task completes when the message is sent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>A grain with no identity-bound state. Up to <paramref name="maxLocalWorkers"/> activations run on each silo.</summary>
/// <param name="maxLocalWorkers">The most activations per silo; 0 means one per processor.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatelessWorkerAttribute(int maxLocalWorkers = 0) : Attribute
{
    /// <summary>The most activations per silo; 0 means one per processor.</summary>
    public int MaxLocalWorkers { get; } = maxLocalWorkers;
}

/// <summary>Overrides the call timeout of one interface method. The value is a <see cref="TimeSpan"/> string, e.g. "00:00:05".</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The timeout, as written.</summary>
    public string Timeout { get; } = timeout;
}

/// <summary>Names a grain class's type in grain ids and storage. The default is the class name without its "Grain" suffix, in lower case.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Overrides how long an activation of this class may stay idle before it is collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CollectionAgeLimitAttribute(double minutes) : Attribute
{
    /// <summary>The idle age in minutes.</summary>
    public double Minutes { get; } = minutes;
}

/// <summary>Where a grain's activations are placed in a cluster.</summary>
public enum PlacementStrategy
{
    /// <summary>Consistent hash for stateful grains; spread round-robin over the silos for stateless workers.</summary>
    Default,

    /// <summary>The consistent hash of the grain id over the active silos: every silo and client agrees without asking.</summary>
    Hash,

    /// <summary>A random active silo: per call for stateless workers, per activation (kept in the grain directory) for stateful grains.</summary>
    Random,

    /// <summary>The calling silo, or a random one when the caller is a client; stateful grains are kept in the grain directory.</summary>
    PreferLocal,
}

/// <summary>Chooses a grain class's <see cref="PlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class PlacementAttribute(PlacementStrategy strategy) : Attribute
{
    /// <summary>The strategy.</summary>
    public PlacementStrategy Strategy { get; } = strategy;
}

/// <summary>Places activations by consistent hash of the grain id (the default for stateful grains).</summary>
public sealed class HashPlacementAttribute() : PlacementAttribute(PlacementStrategy.Hash);

/// <summary>
/// Places a stateless worker's calls, or a stateful grain's activation, on a random active silo. A stateful grain's
/// host is recorded in the grain directory, where every caller finds it.
/// </summary>
public sealed class RandomPlacementAttribute() : PlacementAttribute(PlacementStrategy.Random);

/// <summary>
/// Places a stateless worker's calls, or a stateful grain's activation, on the calling silo, so the work costs no
/// network hop (a random silo when the caller is a client). A stateful grain's host is recorded in the grain directory.
/// </summary>
public sealed class PreferLocalPlacementAttribute() : PlacementAttribute(PlacementStrategy.PreferLocal);
