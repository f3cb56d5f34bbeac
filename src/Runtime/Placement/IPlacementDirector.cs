namespace Netra.Runtime.Placement;

/// <summary>
/// Decides which silo hosts a grain. Every message passes this step before it is delivered. With one silo every
/// grain is local; the cluster replaces it with a consistent hash over the active silos.
/// </summary>
internal interface IPlacementDirector
{
    SiloAddress Locate(GrainId grainId);
}

/// <summary>Places every grain on this silo: the single-silo and embedded configuration.</summary>
internal sealed class LocalPlacementDirector(SiloAddress local) : IPlacementDirector
{
    public SiloAddress Locate(GrainId grainId) => local;
}
