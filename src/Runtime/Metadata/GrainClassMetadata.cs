using System.ComponentModel;

namespace Netra.Runtime;

/// <summary>Creates a grain instance for an activation. Generated per grain class; no reflection.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate Grain GrainFactoryMethod(IServiceProvider services, IGrainContext context);

/// <summary>What the runtime knows of a grain class. Written by the source generator from the class's attributes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record GrainClassMetadata(
    string GrainType,
    Type ClassType,
    IReadOnlyList<Type> Interfaces,
    GrainFactoryMethod Factory,
    bool IsReentrant,
    int? StatelessWorkerMaxLocal,
    TimeSpan? CollectionAge)
{
    /// <summary>Whether several local activations of one grain id may exist.</summary>
    public bool IsStatelessWorker => StatelessWorkerMaxLocal is not null;

    /// <summary>The class's placement, from its <see cref="PlacementAttribute"/>; read once, when the class registers.</summary>
    public PlacementStrategy Placement { get; } =
        ClassType.GetCustomAttributes(typeof(PlacementAttribute), inherit: false) is [PlacementAttribute attribute, ..]
            ? attribute.Strategy
            : PlacementStrategy.Default;
}

/// <summary>Creates a proxy for a grain interface. Generated per interface.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate GrainReference GrainProxyFactory(IGrainCallInvoker invoker, GrainId grainId);

/// <summary>Marks an assembly that holds generated grain code, so hosts can find and register it.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainAssemblyAttribute : Attribute;
