namespace Netra.Runtime.Placement;

/// <summary>
/// Decides which silo hosts a grain. Every message passes this step before it is delivered. With one silo every
/// grain is local; the cluster replaces it with a consistent hash over the active silos.
/// </summary>
internal interface IPlacementDirector
{
    SiloAddress Locate(GrainId grainId);

    /// <summary>The silo that must run a message that arrived from another silo; null when any silo may.</summary>
    SiloAddress? OwnerOnArrival(GrainId grainId) => Locate(grainId);
}

/// <summary>Places every grain on this silo: the single-silo and embedded configuration.</summary>
internal sealed class LocalPlacementDirector(LocalSiloDetails local) : IPlacementDirector
{
    public SiloAddress Locate(GrainId grainId) => local.Address;
}
