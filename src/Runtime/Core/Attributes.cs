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
